package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Secrets reach the pods only from Secrets (never an env literal or a ConfigMap), and the services' own configuration
 * holds no secret value: a password, key or token in application.properties is empty or only a reference.
 */
class SecretsTest {

    /** A property naming a credential: its last segment says password, secret, token, api-key, key-id, access-key. */
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|passwd|secret|token|api-?key|key-id|access-key)[^.]*");
    /** The whole value is one expression {@code ${name}} or {@code ${name:default}}. */
    private static final Pattern ONE_EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretLookingVariablesComeOnlyFromSecrets(String overlay) {
        List<String> problems = new ArrayList<>();
        int checked = envProblems(Rendered.overlay(overlay), problems);
        assertThat(checked).as("%s: secret-looking variables found (none: the name rule matches nothing?)", overlay).isPositive();
        assertThat(problems).as("secret variables of overlay %s", overlay).isEmpty();
    }

    /** Each breach is reported: a literal in a Job's env, an API key in a ConfigMap, a key read from a ConfigMap. */
    @Test
    void aSecretOutsideASecretFails() {
        List<String> problems = new ArrayList<>();
        envProblems(Mutated.overlay("local", "Job", "minio-create-buckets",
                j -> Mutated.container(j).withArray("env").addObject().put("name", "MINIO_ROOT_PASSWORD").put("value", "hunter2-literal")), problems);
        assertThat(problems).contains("Job/minio-create-buckets container mc: MINIO_ROOT_PASSWORD is a literal in the manifest: take it from a Secret (secretKeyRef)");

        problems.clear();
        String configMap = Rendered.overlay("production").ofKind("ConfigMap").stream().map(Rendered::name)
                .filter(n -> n.startsWith("ingest-fundamentals-config")).findFirst().orElseThrow();
        envProblems(Mutated.overlay("production", "ConfigMap", configMap, cm -> cm.with("data").put("FMP_API_KEY", "not-a-real-key")), problems);
        assertThat(problems).contains("Deployment/ingest-fundamentals container ingest-fundamentals: FMP_API_KEY comes from ConfigMap " + configMap
                + ": put it in a Secret", "ConfigMap/" + configMap + " holds FMP_API_KEY: passwords, keys and tokens belong in a Secret");

        problems.clear();
        envProblems(Mutated.overlay("local", "Deployment", "query-api", d -> Mutated.container(d).withArray("env").addObject()
                .put("name", "MARKETFLOW_QUERY_API_TOKEN").putObject("valueFrom").putObject("configMapKeyRef").put("name", "query-api-config").put("key", "X")),
                problems);
        assertThat(problems).anyMatch(p -> p.startsWith("Deployment/query-api container query-api: MARKETFLOW_QUERY_API_TOKEN comes from {\"configMapKeyRef\""));
    }

    /**
     * @param rendered an overlay
     * @param problems where each breach is added
     * @return how many secret-looking variables were seen (so that a rule matching nothing is noticed)
     */
    static int envProblems(Rendered rendered, List<String> problems) {
        int checked = 0;
        // Every ConfigMap, referenced or not (a ConfigMap mounted as a file or read by a tool is as readable as any).
        for (JsonNode map : rendered.ofKind("ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (ServiceConfigurationTest.isSecretName(key)) {
                    problems.add(Rendered.id(map) + " holds " + key + ": passwords, keys and tokens belong in a Secret");
                }
            });
        }
        for (JsonNode workload : rendered.workloads()) {
            for (JsonNode container : Rendered.containers(workload)) {
                String where = Rendered.id(workload) + " container " + container.path("name").asText();
                for (JsonNode var : container.path("env")) {
                    String name = var.path("name").asText();
                    if (!ServiceConfigurationTest.isSecretName(name)) {
                        continue;
                    }
                    checked++;
                    JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                    if (var.has("value")) {
                        problems.add(where + ": " + name + " is a literal in the manifest: take it from a Secret (secretKeyRef)");
                    } else if (ref.isMissingNode()) {
                        problems.add(where + ": " + name + " comes from " + var.path("valueFrom") + ", not a secretKeyRef");
                    } else if (rendered.find("Secret", ref.path("name").asText()).map(s -> !s.path("data").has(ref.path("key").asText())).orElse(true)) {
                        problems.add(where + ": " + name + " reads " + ref + ", which no rendered Secret holds");
                    }
                }
                for (JsonNode from : container.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        String cm = from.path("configMapRef").path("name").asText();
                        rendered.find("ConfigMap", cm).ifPresent(map -> map.path("data").fieldNames().forEachRemaining(key -> {
                            if (ServiceConfigurationTest.isSecretName(from.path("prefix").asText("") + key)) {
                                problems.add(where + ": " + key + " comes from ConfigMap " + cm + ": put it in a Secret");
                            }
                        }));
                    } else if (from.has("secretRef")) {
                        checked += rendered.find("Secret", from.path("secretRef").path("name").asText()).map(s -> s.path("data").size()).orElse(0);
                    }
                }
            }
        }
        return checked;
    }

    /**
     * No service's application.properties (as its container sees it: plain keys and %prod.) gives a credential a value.
     * Allowed: empty, {@code ${NAME}} or {@code ${NAME:}} (from the environment), a reference to another property
     * (checked itself), and one exception: the local stack's own credentials, public by design in .env.example
     * (MARKETFLOW_DB_PASSWORD=marketflow, ...), which the local run and the tests rely on. Those must equal the
     * .env.example value, must reach every service container of every overlay from a Secret (so the file's value is never
     * used in Kubernetes), and must not be the value of any production Secret template.
     */
    @Test
    void noServiceConfigurationHoldsASecretValue() {
        Map<String, String> envExample = Repo.envExample();
        List<String> problems = new ArrayList<>();
        List<ServiceModule> services = Repo.quarkusServices();
        assertThat(services).isNotEmpty();
        for (ServiceModule module : services) {
            module.properties().forEach((key, raw) -> {
                String literal = literal(key, raw);
                if (literal == null) {
                    return;
                }
                if (literal.contains("${")) {
                    problems.add(module.name() + ": " + key + " mixes a literal with an expression");
                    return;
                }
                String var = ServiceModule.envName(key);
                if (!literal.equals(envExample.get(var))) {
                    problems.add(module.name() + ": " + key + " has a value of its own (" + literal.length() + " characters): a credential comes only from "
                            + "the environment (" + var + ", from a Secret); leave it ${" + var + ":} or empty");
                    return;
                }
                for (String overlay : Repo.overlays()) {
                    Rendered rendered = Rendered.overlay(overlay);
                    rendered.serviceDeployments().stream().filter(d -> Rendered.name(d).equals(module.name())).forEach(d -> {
                        JsonNode container = Rendered.podSpec(d).path("containers").path(0);
                        if (!fromSecret(rendered, container, var)) {
                            problems.add(module.name() + ": " + key + " defaults to the local stack's " + var + " but no Secret sets " + var
                                    + " in overlay " + overlay + ": the container would run with the public local credential");
                        }
                    });
                }
                java.nio.file.Path template = Repo.ROOT.resolve("deploy/k8s/overlays/production/secrets/" + module.name() + ".env.example");
                // No template yet = not deployed yet, which ServiceDeploymentsTest reports.
                if (java.nio.file.Files.isRegularFile(template) && Repo.read(template).lines().anyMatch(l -> l.strip().equals(var + "=" + literal))) {
                    problems.add(module.name() + ": the production Secret template sets " + var + " to the public local value");
                }
            });
        }
        assertThat(problems).as("credentials in services/*/src/main/resources/application.properties").isEmpty();
    }

    /**
     * @param key a property name
     * @param raw its value in application.properties
     * @return null when the key is no credential or its value is empty or only a reference; else the literal it would
     *         use (an expression mixed with text is returned whole, with its {@code ${})
     */
    static String literal(String key, String raw) {
        String value = raw.strip();
        if (!SECRET_PROPERTY.matcher(key).matches() || value.isEmpty()) {
            return null;
        }
        Matcher m = ONE_EXPRESSION.matcher(value);
        if (m.matches()) {
            String defaultValue = m.group(2) == null ? "" : m.group(2).strip();
            return defaultValue.isEmpty() ? null : defaultValue; // empty: from the environment, or another property checked on its own
        }
        return value;
    }

    /** The property rule on examples: it can fail, and it lets through exactly the allowed forms. */
    @Test
    void thePropertyRuleTellsALiteralFromAReference() {
        assertThat(literal("marketflow.news.finnhub.api-key", "abc123def")).isEqualTo("abc123def");
        assertThat(literal("marketflow.news.finnhub.api-key", "${FINNHUB_API_KEY:abc123def}")).isEqualTo("abc123def");
        assertThat(literal("marketflow.market.alpaca.key-id", "AKXXXX${X}")).isEqualTo("AKXXXX${X}");
        assertThat(literal("quarkus.datasource.password", "s3cr3t")).isEqualTo("s3cr3t");
        assertThat(literal("marketflow.social.x.bearer-token", "AAAA")).isEqualTo("AAAA");
        assertThat(literal("marketflow.s3.secret-key", "x")).isEqualTo("x");
        assertThat(literal("marketflow.news.finnhub.api-key", "${FINNHUB_API_KEY:}")).isNull();
        assertThat(literal("marketflow.news.finnhub.api-key", "${FINNHUB_API_KEY}")).isNull();
        assertThat(literal("quarkus.datasource.password", "${marketflow.db.password}")).isNull();
        assertThat(literal("marketflow.news.finnhub.api-key", "")).isNull();
        assertThat(literal("marketflow.news.finnhub.url", "https://finnhub.io/api/v1")).isNull();
    }

    private static boolean fromSecret(Rendered rendered, JsonNode container, String var) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(var)) {
                return env.path("valueFrom").has("secretKeyRef"); // env beats envFrom
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("secretRef") && rendered.find("Secret", from.path("secretRef").path("name").asText())
                    .map(s -> s.path("data").has(var)).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
