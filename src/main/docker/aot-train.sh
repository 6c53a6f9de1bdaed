#!/usr/bin/env bash
# Training run for a JDK 25 AOT cache (JEP 514/515): starts a service with the given command, whose JVM options
# include -XX:AOTCacheOutput=<file>, waits until it has started, calls its health and metrics endpoints so that their
# classes are in the cache too, then stops it with SIGTERM; the JVM writes the cache on the way out. Quarkus opens its
# HTTP port last, so the first HTTP answer marks a started service, whatever its health says: an image build has no
# broker, S3 or database, which the services tolerate (their startup check stays DOWN until Kafka answers).
# Used by src/main/docker/Dockerfile.jvm (with the image's own launcher) and by bench/startup.sh (with a local JDK 25).
# Needs only bash: no curl in the runtime image.
# Usage: aot-train.sh <http-port> <command> [args...]
set -euo pipefail
port=$1
shift

# Prints the HTTP status of GET <path> on localhost:<port>, or nothing when the port does not answer.
http_status() {
    local path=$1 line
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
    IFS= read -r -t 10 line <&3 || true
    exec 3<&- 3>&-
    echo "$line" | cut -d' ' -f2
}

"$@" &
pid=$!
# 120 s covers a cold start on a loaded builder.
started=false
for _ in $(seq 1 1200); do
    kill -0 "$pid" 2>/dev/null || { echo "aot-train: the service exited before it started" >&2; exit 1; }
    [ -n "$(http_status /q/health/started)" ] && { started=true; break; }
    sleep 0.1
done
$started || { echo "aot-train: no HTTP answer within 120 s" >&2; kill -TERM "$pid"; wait "$pid" || true; exit 1; }
for path in /q/health /q/health/live /q/health/ready /q/metrics; do
    http_status "$path" >/dev/null
done
kill -TERM "$pid"
wait "$pid" || true
