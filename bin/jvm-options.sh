# The JVM options each service runs with, shared by bin/marketflow and bench/startup.sh (the Kubernetes Deployments set
# the same ones in JAVA_OPTS_APPEND). ingest-market: Serial GC, as one or two cores per pod is where G1's threads and
# remembered sets cost memory without paying back, and its I/O-bound work stops at the C1 compiler (a faster start and
# ~30 MB less). parquet-sink: CPU-bound encoding keeps C2, and its Parallel GC collects the young generation on every
# core and sizes the heap for throughput: with Serial GC the sink spent 2.5 s of a 20 s benchmark run in pauses
# (0.8 s with Parallel, docs/BENCHMARKS.md). A small initial heap keeps the young generation, whose pages are all
# touched before the first collection, from inflating the resident size of an idle service.
jvm_options() {
    case "$1" in
        ingest-market) echo "-XX:+UseSerialGC -Xms32m -Xmx192m -XX:TieredStopAtLevel=1" ;;
        parquet-sink) echo "-XX:+UseParallelGC -Xms64m -Xmx512m" ;;
        *) echo "-XX:+UseSerialGC" ;;
    esac
}
