package io.marketflow.deploy.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * One overlay rendered by {@code kubectl kustomize}: the objects exactly as {@code kubectl apply -k} would send them.
 * The Secret inputs ({@code secrets/*.env}, git-ignored) are taken from their {@code *.env.example} templates when
 * missing, in a copy of deploy/k8s under target/, so the checks never touch the working tree.
 */
final class Rendered {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final List<JsonNode> objects;

    private Rendered(String overlay, List<JsonNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /**
     * @param overlay a folder under deploy/k8s/overlays/
     * @return the overlay rendered (once per test run)
     */
    static Rendered overlay(String overlay) {
        return CACHE.computeIfAbsent(overlay, Rendered::render);
    }

    private static Rendered render(String overlay) {
        Path copy = copyWithSecretTemplates();
        Path dir = copy.resolve("overlays").resolve(overlay);
        Kustomized result = kustomize(dir);
        if (result.exit() != 0) {
            throw new AssertionError("kubectl kustomize deploy/k8s/overlays/" + overlay + " failed (exit " + result.exit() + "):\n" + result.err());
        }
        return parse(overlay, result.out());
    }

    /** What {@code kubectl kustomize <dir>} answered: exit code, the rendered YAML, the error output. */
    record Kustomized(int exit, String out, String err) {
    }

    /**
     * Runs {@code kubectl kustomize} on any folder (a copy of an overlay, say).
     *
     * @param dir a kustomization root
     * @return its exit code and output
     */
    static Kustomized kustomize(Path dir) {
        Path kubectl = kubectl();
        try {
            Path out = Files.createTempFile("render-", ".yaml");
            Path err = Files.createTempFile("render-", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                return new Kustomized(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /**
     * @param overlay the name the result is reported under
     * @param yaml    the output of {@code kubectl kustomize}
     * @return its objects
     */
    static Rendered parse(String overlay, String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(overlay, List.copyOf(objects));
    }

    /** kubectl from $KUBECTL or the PATH; fails with what to do when it is missing. */
    static Path kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new AssertionError("KUBECTL=" + configured + " is not an executable kubectl: the deploy checks render "
                        + "deploy/k8s/overlays/* with `kubectl kustomize` (kubectl >= 1.27, kustomize v5).");
            }
            return Path.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl is not on the PATH (nor set in $KUBECTL): the deploy checks render deploy/k8s/overlays/* with "
                + "`kubectl kustomize` (kubectl >= 1.27, kustomize v5). Install kubectl or set KUBECTL=/path/to/kubectl.");
    }

    static Path copyWithSecretTemplates() {
        Path source = Repo.ROOT.resolve("deploy/k8s");
        Path target = Repo.ROOT.resolve("deploy/checks/target/k8s-render");
        try {
            Files.createDirectories(target.getParent());
            Path copy = Files.createTempDirectory(target.getParent(), "k8s-render-");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path dest = copy.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(dest);
                    } else if (!file.getFileName().toString().endsWith(".env") || !file.getParent().getFileName().toString().equals("secrets")) {
                        // The real secrets/*.env of the working tree are never copied: the checks see only the templates.
                        Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path example : files.filter(f -> f.toString().endsWith(".env.example")).toList()) {
                    Path env = Path.of(example.toString().replaceFirst("\\.example$", ""));
                    Files.copy(example, env, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- queries ----

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** @return the workloads that run pods: Deployments, StatefulSets, DaemonSets and Jobs */
    List<JsonNode> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(o.path("kind").asText())).toList();
    }

    /** @return the Deployments of marketflow services: those whose pods the PodMonitor scrapes, i.e. every Deployment */
    List<JsonNode> serviceDeployments() {
        return ofKind("Deployment");
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> all = new ArrayList<>();
        podSpec(workload).path("initContainers").forEach(all::add);
        podSpec(workload).path("containers").forEach(all::add);
        return all;
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /**
     * Every environment variable a container gets: its {@code env} entries and the keys of the ConfigMaps and Secrets of
     * its {@code envFrom}. A reference to an object that is not rendered fails: the pod would not start.
     *
     * @param container a container
     * @return variable name to value (Secret values decoded; "(from ...)" for valueFrom entries)
     */
    Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                String ref = from.path("configMapRef").path("name").asText();
                JsonNode cm = find("ConfigMap", ref).orElseThrow(() -> new AssertionError(
                        overlay + ": container " + container.path("name").asText() + " reads ConfigMap " + ref + ", which is not rendered"));
                cm.path("data").fields().forEachRemaining(e -> env.put(prefix + e.getKey(), e.getValue().asText()));
            }
            if (from.has("secretRef")) {
                String ref = from.path("secretRef").path("name").asText();
                JsonNode secret = find("Secret", ref).orElseThrow(() -> new AssertionError(
                        overlay + ": container " + container.path("name").asText() + " reads Secret " + ref + ", which is not rendered"));
                secret.path("data").fields().forEachRemaining(e -> env.put(prefix + e.getKey(),
                        new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
                secret.path("stringData").fields().forEachRemaining(e -> env.put(prefix + e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode var : container.path("env")) {
            env.put(var.path("name").asText(), var.has("value") ? var.path("value").asText() : "(from " + var.path("valueFrom") + ")");
        }
        return env;
    }

    /** @return the container's port number for a probe/endpoint port given by number or by name, or -1 */
    static int resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        if (port.isTextual() && port.asText().matches("\\d+")) {
            return Integer.parseInt(port.asText());
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    /** @return whether the selector's matchLabels (and matchExpressions of kind In/Exists) all hold for the labels */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions") ? selector.path("matchLabels") : selector;
        var fields = matchLabels.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            switch (expr.path("operator").asText()) {
                case "In" -> {
                    boolean any = false;
                    for (JsonNode v : expr.path("values")) {
                        any |= v.asText().equals(labels.get(key));
                    }
                    if (!any) {
                        return false;
                    }
                }
                case "Exists" -> {
                    if (!labels.containsKey(key)) {
                        return false;
                    }
                }
                case "DoesNotExist" -> {
                    if (labels.containsKey(key)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The labels of every pod this overlay creates: the pod templates of the workloads, plus the broker pods the Strimzi
     * operator makes for each Kafka (labels strimzi.io/cluster, strimzi.io/kind=Kafka, strimzi.io/pool-name).
     *
     * @return one label map per kind of pod
     */
    List<Map<String, String>> podLabels() {
        List<Map<String, String>> pods = new ArrayList<>();
        workloads().forEach(w -> pods.add(labels(w.path("spec").path("template").path("metadata").path("labels"))));
        for (JsonNode pool : ofKind("KafkaNodePool")) {
            String cluster = pool.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            pods.add(Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka", "strimzi.io/pool-name", name(pool),
                    "strimzi.io/name", cluster + "-kafka"));
        }
        return pods;
    }

    @Override
    public String toString() {
        return overlay;
    }
}
