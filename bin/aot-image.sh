# The JVM image's startup path on this machine, without Docker: the JDK 25 it runs on, its aot-jar packaging and the
# training start of its AOT cache (src/main/docker/Dockerfile.jvm does the same inside the image). Sourced by
# bench/startup.sh and .ci/aot-image-check, which need bin/jvm-options.sh sourced too.

# Prints the JDK 25 home, $MARKETFLOW_JDK25_HOME or the first /usr/lib/jvm/*25*; fails when there is none.
jdk25_home() {
    local home=${MARKETFLOW_JDK25_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1 || true)}
    [ -n "$home" ] && "$home/bin/java" -XX:AOTMode=off -version >/dev/null 2>&1 && echo "$home"
}

# Packages services/<service> for each argument as aot-jar into its target/aot/, so that target/quarkus-app/ stays the
# fast-jar the tests and the local run use; extra Maven options (e.g. -am) come first.
# Usage: package_aot_jar [maven options...] -- service...
package_aot_jar() {
    local maven=()
    while [ "$1" != "--" ]; do maven+=("$1"); shift; done
    shift
    local modules
    modules=$(printf 'services/%s,' "$@")
    ./mvnw -B -q package -DskipTests -pl "${modules%,}" ${maven[@]+"${maven[@]}"} \
        -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot
}

# Trains the AOT cache of one service's aot-jar with its shipped options (bin/jvm-options.sh) on HTTP port <port>.
# Usage: train_aot_cache <jdk-home> <service> <cache-file> <port> <log>
train_aot_cache() {
    local jdk=$1 service=$2 cache=$3 port=$4 log=$5 opts
    read -r -a opts <<<"$(jvm_options "$service")"
    QUARKUS_HTTP_PORT=$port src/main/docker/aot-train.sh "$port" \
        "$jdk/bin/java" "${opts[@]}" -XX:AOTCacheOutput="$cache" -jar "services/$service/target/aot/quarkus-run.jar" >"$log" 2>&1
}
