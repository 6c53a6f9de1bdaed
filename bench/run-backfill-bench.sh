#!/usr/bin/env bash
# The backfill against a bars server allowing N requests per window (429 + Retry-After beyond), on the local stack.
# Usage: bench/run-backfill-bench.sh [measured-windows=10] [requests-per-window=200] [window-seconds=6]
#   BENCH_JVM_OPTIONS='-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx192m' bench/run-backfill-bench.sh 20
#                 the service as its local-overlay pod runs it (bin/jvm-options.sh; heap 50 % of 384Mi); the report
#                 ends with its peak RSS (default options: -Xmx512m)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl bench,services/ingest-market -am
java -cp "$(cat bench/target/bench.classpath):bench/target/classes" io.marketflow.bench.BackfillBenchmark "$PWD" "${1:-10}" "${2:-200}" "${3:-6}"
