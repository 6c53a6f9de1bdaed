#!/usr/bin/env bash
# The context backfills (ingest-macro: FRED, World Bank; ingest-fundamentals: FMP) against stand-ins answering at once,
# on the local stack: achieved request rate per provider against its allowed rate (the limiter's setting; the stand-in
# answers 429 beyond it per fixed minute). Bench only, not part of any test suite.
# Usage: bench/run-context-backfill-bench.sh [fred/min=120] [worldbank/min=30] [fmp/min=120] [fred-rows-per-series=2000]
#   BENCH_JVM_OPTIONS sets the services' JVM options (default -Xmx512m)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench,services/ingest-macro,services/ingest-fundamentals -am
java -cp "$(cat bench/target/bench.classpath):bench/target/classes" io.marketflow.bench.ContextBackfillBenchmark "$PWD" "${1:-120}" "${2:-30}" "${3:-120}" "${4:-2000}"
