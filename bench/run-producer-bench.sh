#!/usr/bin/env bash
# The synthetic generator's top rate vs Kafka's ProducerPerformance, same broker, same run. Usage: bench/run-producer-bench.sh [window-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl bench,services/ingest-market -am
java -cp "$(cat bench/target/bench.classpath):bench/target/classes" io.marketflow.bench.ProducerBenchmark "$PWD" "${1:-30}"
