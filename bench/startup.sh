#!/usr/bin/env bash
# JVM-mode startup time and resident memory of every service (targets: <= 1.5 s, <= 200 MB), on the local stack,
# with the JVM options each service ships with (bin/marketflow and the Kubernetes Deployments) and, for comparison,
# with the JVM's defaults. An AppCDS archive (JDK 17 dynamic archive from one training start) is used when --cds is given.
# Usage: bench/startup.sh [runs] [--cds]    (build first: ./mvnw -B -q install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cds=${2:-}
source bin/jvm-options.sh
cp="$(cat services/local-stack/target/local-stack.classpath):services/local-stack/target/classes"
started=$(java -cp "$cp" io.marketflow.localstack.LocalStackMain start --profile local 2>/dev/null | sed -n 's/^MARKETFLOW_STACK_STARTED=//p')
trap '[ -n "$started" ] && java -cp "$cp" io.marketflow.localstack.LocalStackMain stop --profile local --only "$started" >/dev/null 2>&1' EXIT
work=$(mktemp -d)

# Starts the jar with the given options, waits until it is ready, prints "seconds rss-at-ready", stops it.
measure() {
    local jar=$1 port=$2; shift 2
    local log=$work/run.log
    QUARKUS_HTTP_PORT=$port java "$@" -jar "$jar" >"$log" 2>&1 &
    local pid=$!
    until grep -q "started in" "$log" || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
    local secs
    secs=$(grep -o 'started in [0-9.]*s' "$log" | grep -o '[0-9.]*' | head -1)
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do sleep 0.2; done
    local rss
    rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' /proc/$pid/status)
    kill $pid; wait $pid 2>/dev/null || true
    echo "${secs:-?} $rss"
}

printf '%-14s %-34s %s\n' service options "started in (s) / RSS when ready (MB), per run"
for jar in services/*/target/quarkus-app/quarkus-run.jar; do
    service=$(basename "$(dirname "$(dirname "$(dirname "$jar")")")")
    read -r -a shipped <<<"$(jvm_options "$service")"
    if [ "$cds" = "--cds" ]; then
        measure "$jar" 18090 "${shipped[@]}" -XX:ArchiveClassesAtExit="$work/$service.jsa" >/dev/null
        shipped+=(-XX:SharedArchiveFile="$work/$service.jsa")
    fi
    for variant in defaults shipped; do
        results=""
        for run in $(seq 1 "$runs"); do
            if [ $variant = defaults ]; then
                results+=" $(measure "$jar" $((18090 + run)) | tr ' ' '/')"
            else
                results+=" $(measure "$jar" $((18090 + run)) "${shipped[@]}" | tr ' ' '/')"
            fi
        done
        label="JVM defaults"
        [ $variant = shipped ] && label="${shipped[*]}"
        printf '%-14s %-34s %s\n' "$service" "${label//$work\//}" "$results"
    done
done
rm -rf "$work"
