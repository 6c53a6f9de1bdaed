package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The services' Deployments run the options of bin/jvm-options.sh and the AOT cache of Dockerfile.jvm, on JDK 25 or later.
 */
class JvmOptionsTest {

    private static final Path DOCKERFILE = Repo.ROOT.resolve("src/main/docker/Dockerfile.jvm");
    /** The file the training start of the image build writes (JEP 514). */
    private static final Pattern AOT_CACHE_OUTPUT = Pattern.compile("-XX:AOTCacheOutput=([^\\s\"']+)");
    /** An {@code ENV JAVA_OPTS_APPEND=...} instruction, the value quoted or not. */
    private static final Pattern ENV_JAVA_OPTS_APPEND = Pattern.compile("(?m)^\\s*ENV\\s+JAVA_OPTS_APPEND=(?:\"([^\"]*)\"|(\\S+))");
    private static final Pattern FROM = Pattern.compile("(?m)^\\s*FROM\\s+(?:--\\S+\\s+)*(\\S+)");
    private static final Pattern UBI_OPENJDK_RUNTIME =
            Pattern.compile("registry\\.access\\.redhat\\.com/ubi\\d+/openjdk-(\\d+)-runtime:.+");
    /** -XX:AOTCache and -XX:AOTCacheOutput (JEP 514) came with JDK 25. */
    private static final int AOT_CACHE_JDK = 25;
    private static final Map<String, List<String>> SCRIPT_OPTIONS = new ConcurrentHashMap<>();

    static List<String> overlays() {
        return Repo.overlays();
    }

    /** Deployments of this repository's Quarkus services; any other is reported by ServiceDeploymentsTest. */
    private static List<JsonNode> quarkusDeployments(Rendered rendered) {
        return rendered.serviceDeployments().stream()
                .filter(d -> Repo.service(Rendered.name(d)).filter(ServiceModule::isQuarkusApp).isPresent())
                .toList();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deploymentsRunTheOptionsOfBinJvmOptionsExceptTheHeapSize(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        assertThat(rendered.serviceDeployments()).as("%s renders no Deployment", overlay).isNotEmpty();
        for (JsonNode deployment : quarkusDeployments(rendered)) {
            String name = Rendered.name(deployment);
            List<String> options = javaOptsAppend(rendered, deployment);
            if (options == null) {
                problems.add(name + ": no JAVA_OPTS_APPEND (bin/jvm-options.sh gives " + String.join(" ", scriptOptions(name)) + ")");
                continue;
            }
            for (String option : scriptOptions(name)) {
                // The heap is sized from the container limit (JAVA_MAX_MEM_RATIO), not by the script's -Xms/-Xmx.
                if (!option.startsWith("-Xms") && !option.startsWith("-Xmx") && !options.contains(option)) {
                    problems.add(name + ": JAVA_OPTS_APPEND lacks " + option + " (bin/jvm-options.sh gives "
                            + String.join(" ", scriptOptions(name)) + "; JAVA_OPTS_APPEND is " + String.join(" ", options) + ")");
                }
            }
        }
        assertThat(problems).as("JAVA_OPTS_APPEND of the Deployments of overlay %s against bin/jvm-options.sh", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void deploymentsUseTheAotCacheTheImageWrites(String overlay) {
        String cache = aotCacheOutput();
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : quarkusDeployments(rendered)) {
            String name = Rendered.name(deployment);
            List<String> options = javaOptsAppend(rendered, deployment);
            if (options == null) {
                problems.add(name + ": no JAVA_OPTS_APPEND, so no -XX:AOTCache=" + cache
                        + " (the image's own JAVA_OPTS_APPEND is replaced)");
            } else if (!options.contains("-XX:AOTCache=" + cache)) {
                List<String> others = options.stream().filter(o -> o.startsWith("-XX:AOTCache=")).toList();
                problems.add(name + ": JAVA_OPTS_APPEND lacks -XX:AOTCache=" + cache
                        + ", the file Dockerfile.jvm writes with -XX:AOTCacheOutput"
                        + (others.isEmpty() ? "" : " (it has " + String.join(" ", others) + ")"));
            }
        }
        assertThat(problems).as("AOT cache of the Deployments of overlay %s against src/main/docker/Dockerfile.jvm", overlay).isEmpty();
    }

    @Test
    void imageStartsWithTheAotCacheItWrites() {
        String cache = aotCacheOutput();
        Matcher env = ENV_JAVA_OPTS_APPEND.matcher(dockerfile());
        String last = null;
        while (env.find()) {
            last = env.group(1) != null ? env.group(1) : env.group(2);
        }
        assertThat(last).as("src/main/docker/Dockerfile.jvm has no ENV JAVA_OPTS_APPEND= line").isNotNull();
        assertThat(Arrays.asList(last.strip().split("\\s+")))
                .as("the final ENV JAVA_OPTS_APPEND of src/main/docker/Dockerfile.jvm (%s) must start the JVM with -XX:AOTCache=%s, "
                        + "the file its training start writes with -XX:AOTCacheOutput", last, cache)
                .contains("-XX:AOTCache=" + cache);
    }

    @Test
    void imageRunsOnAJdkWithAotCaches() {
        Matcher from = FROM.matcher(dockerfile());
        String runtime = null;
        while (from.find()) {
            runtime = from.group(1); // the last stage is the image that runs
        }
        assertThat(runtime).as("src/main/docker/Dockerfile.jvm has no FROM line").isNotNull();
        Matcher jdk = UBI_OPENJDK_RUNTIME.matcher(runtime);
        assertThat(jdk.matches()).as("the runtime image of src/main/docker/Dockerfile.jvm, %s, is not a "
                + "registry.access.redhat.com/ubi9/openjdk-NN-runtime image: cannot tell its JDK", runtime).isTrue();
        assertThat(Integer.parseInt(jdk.group(1)))
                .as("the runtime image of src/main/docker/Dockerfile.jvm, %s: -XX:AOTCache and -XX:AOTCacheOutput (JEP 514) need JDK %d",
                        runtime, AOT_CACHE_JDK)
                .isGreaterThanOrEqualTo(AOT_CACHE_JDK);
    }

    /** @return Dockerfile.jvm without its comment lines (which may name options it does not use) */
    private static String dockerfile() {
        return Repo.readLines(DOCKERFILE).stream().filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
    }

    /** @return the options of the Deployment's (first) container's JAVA_OPTS_APPEND, or null when it has none */
    private static List<String> javaOptsAppend(Rendered rendered, JsonNode deployment) {
        JsonNode container = Rendered.podSpec(deployment).path("containers").path(0);
        String value = rendered.environment(container).get("JAVA_OPTS_APPEND");
        return value == null ? null : Arrays.asList(value.strip().split("\\s+"));
    }

    /** @return the one file Dockerfile.jvm writes with -XX:AOTCacheOutput; fails when there is none or more than one */
    private static String aotCacheOutput() {
        Matcher m = AOT_CACHE_OUTPUT.matcher(dockerfile());
        List<String> outputs = new ArrayList<>();
        while (m.find()) {
            if (!outputs.contains(m.group(1))) {
                outputs.add(m.group(1));
            }
        }
        assertThat(outputs).as("files src/main/docker/Dockerfile.jvm writes with -XX:AOTCacheOutput=<path> (its AOT cache)").hasSize(1);
        return outputs.get(0);
    }

    /**
     * @param service a module under services/
     * @return the options {@code jvm_options <service>} of bin/jvm-options.sh echoes, run by bash from the repository root
     */
    private static List<String> scriptOptions(String service) {
        return SCRIPT_OPTIONS.computeIfAbsent(service, JvmOptionsTest::runScript);
    }

    private static List<String> runScript(String service) {
        try {
            Process process = new ProcessBuilder("bash", "-c", "source bin/jvm-options.sh; jvm_options \"$1\"", "bash", service)
                    .directory(Repo.ROOT.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/jvm-options.sh: jvm_options " + service + " did not finish in 30 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new AssertionError("bash -c 'source bin/jvm-options.sh; jvm_options " + service + "' failed (exit "
                        + process.exitValue() + ", output \"" + out + "\"):\n" + err);
            }
            return List.of(out.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running bin/jvm-options.sh", e);
        }
    }
}
