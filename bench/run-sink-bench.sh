#!/usr/bin/env bash
# The Parquet sink vs Kafka's ConsumerPerformance on the same topics, same run (services/parquet-sink's
# SinkThroughputBenchmarkIT; report in services/parquet-sink/target/benchmark.txt). Both run on JDK 25 when this machine
# has one, as the JVM image does (src/main/docker/Dockerfile.jvm), else on the build's JDK.
# Usage: bench/run-sink-bench.sh [records] [bar-weeks] [steady-from-%] [baseline quarkus-run.jar]
#   e.g. bench/run-sink-bench.sh                            1M trades, 512 weeks of bars, window 10..90 %
#        bench/run-sink-bench.sh 3000000 1536 50            warm: the first half of each topic is warm-up
#        BENCH_VARIANTS='c1=-XX:+UseParallelGC -Xmx512m -XX:TieredStopAtLevel=1' bench/run-sink-bench.sh
#                                                           this build again with other JVM options, same topics ('|' between)
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/aot-image.sh
args=(-Dbenchmark=true -Dit.test=SinkThroughputBenchmarkIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
      "-Dbenchmark.records=${1:-1000000}" "-Dbenchmark.weeks=${2:-512}" "-Dbenchmark.steady-from=${3:-10}")
[ -n "${4:-}" ] && args+=("-Dbenchmark.baseline=$4")
[ -n "${BENCH_VARIANTS:-}" ] && args+=("-Dbenchmark.variants=$BENCH_VARIANTS")
if jdk=$(jdk25_home); then
    args+=("-Dit.java=$jdk/bin/java")
fi
./mvnw -B -q install -DskipTests -pl services/parquet-sink -am
# ConsumerPerformance's jars (not a dependency of any module): fetched here, or the benchmark skips on a fresh machine.
./mvnw -B -q dependency:get -Dartifact=org.apache.kafka:kafka-tools:4.2.1 -Dtransitive=false
./mvnw -B -q dependency:get -Dartifact=net.sourceforge.argparse4j:argparse4j:0.7.0 -Dtransitive=false
./mvnw -B -q verify -pl services/parquet-sink "${args[@]}"
cat services/parquet-sink/target/benchmark.txt
