#!/usr/bin/env bash
# JVM-mode startup time and resident memory of every service (targets: <= 1.5 s, <= 200 MB), on the local stack, in
# three variants:
#   defaults  the fast-jar on the default JDK with the JVM's default options
#   shipped   the fast-jar on the default JDK with the options of bin/jvm-options.sh (what `bin/marketflow run` uses)
#   image     what src/main/docker/Dockerfile.jvm runs: the aot-jar packaging on JDK 25 with those options and an AOT
#             cache made by src/main/docker/aot-train.sh (the same training run as the image build)
# The image variant needs a JDK 25: $MARKETFLOW_JDK25_HOME, or the first /usr/lib/jvm/*25* directory.
# Usage: bench/startup.sh [runs]    (builds what it measures; starts, or reuses, the local stack)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
services=(ingest-market parquet-sink)
source bin/jvm-options.sh
source bin/aot-image.sh

jdk25=$(jdk25_home) || { echo "No JDK 25 found (set MARKETFLOW_JDK25_HOME): the image variant is skipped." >&2; jdk25=""; }

modules=$(printf 'services/%s,' "${services[@]}")
./mvnw -B -q install -DskipTests -pl "${modules%,}" -am
if [ -n "$jdk25" ]; then
    package_aot_jar -- "${services[@]}"
fi

cp="$(cat services/local-stack/target/local-stack.classpath):services/local-stack/target/classes"
started=$(java -cp "$cp" io.marketflow.localstack.LocalStackMain start --profile local 2>/dev/null | sed -n 's/^MARKETFLOW_STACK_STARTED=//p')
trap '[ -n "$started" ] && java -cp "$cp" io.marketflow.localstack.LocalStackMain stop --profile local --only "$started" >/dev/null 2>&1' EXIT
work=$(mktemp -d)

# Starts `java <options> -jar <jar>`, waits until it is ready, prints "seconds/rss-at-ready", stops it.
# "Started in" is Quarkus' own figure (JVM start to HTTP listening); RSS is VmRSS once /q/health/ready answers 200.
measure() {
    local javabin=$1 jar=$2 port=$3; shift 3
    local log=$work/run.log
    QUARKUS_HTTP_PORT=$port "$javabin" "$@" -jar "$jar" >"$log" 2>&1 &
    local pid=$!
    until grep -q "started in" "$log" || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
    local secs
    secs=$(grep -o 'started in [0-9.]*s' "$log" | grep -o '[0-9.]*' | head -1)
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do sleep 0.2; done
    local rss
    rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' /proc/$pid/status)
    kill $pid; wait $pid 2>/dev/null || true
    echo "${secs:-?}/$rss"
}

printf '%-14s %-8s %s\n' service variant "started in (s) / RSS when ready (MB), per run"
for service in "${services[@]}"; do
    read -r -a shipped <<<"$(jvm_options "$service")"
    fastjar=services/$service/target/quarkus-app/quarkus-run.jar
    for variant in defaults shipped image; do
        case $variant in
            defaults) javabin=java; jar=$fastjar; opts=() ;;
            shipped) javabin=java; jar=$fastjar; opts=("${shipped[@]}") ;;
            image)
                [ -n "$jdk25" ] || continue
                javabin=$jdk25/bin/java; jar=services/$service/target/aot/quarkus-run.jar
                train_aot_cache "$jdk25" "$service" "$work/$service.aot" 18090 "$work/train.log"
                opts=("${shipped[@]}" -XX:AOTCache="$work/$service.aot") ;;
        esac
        results=""
        for run in $(seq 1 "$runs"); do
            results+=" $(measure "$javabin" "$jar" $((18090 + run)) ${opts[@]+"${opts[@]}"})"
        done
        printf '%-14s %-8s %s\n' "$service" "$variant" "$results"
    done
done
rm -rf "$work"
