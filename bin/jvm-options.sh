# The JVM options each service runs with, shared by bin/marketflow and bench/startup.sh (the Kubernetes Deployments set
# the same ones in JAVA_OPTS_APPEND). Serial GC: one or two cores per pod, where G1's threads and remembered sets cost
# memory without paying back. ingest-market's work is I/O-bound, so it stops at the C1 compiler (a faster start and
# ~30 MB less); the sink's encoding is CPU-bound and keeps C2. A small initial heap keeps the young generation, whose
# pages are all touched before the first collection, from inflating the resident size of an idle service.
jvm_options() {
    case "$1" in
        ingest-market) echo "-XX:+UseSerialGC -Xms32m -Xmx192m -XX:TieredStopAtLevel=1" ;;
        parquet-sink) echo "-XX:+UseSerialGC -Xms64m -Xmx512m" ;;
        *) echo "-XX:+UseSerialGC" ;;
    esac
}
