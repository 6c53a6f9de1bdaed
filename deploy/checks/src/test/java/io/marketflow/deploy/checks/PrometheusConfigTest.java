package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plain Prometheus configuration (deploy/prometheus/) and the operator's resources agree with each other and with
 * the services: the same alert rules in both places, a scrape job per service on the path Quarkus serves, and a
 * dashboard that parses and queries the metrics the alerts are about.
 */
class PrometheusConfigTest {

    private static final Path PROMETHEUS = Repo.ROOT.resolve("deploy/prometheus");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusRuleHasTheRulesOfThePlainRuleFile(String overlay) throws IOException {
        JsonNode plain = Rendered.YAML.readTree(PROMETHEUS.resolve("marketflow-rules.yml").toFile()).path("groups");
        List<JsonNode> rules = Rendered.overlay(overlay).ofKind("PrometheusRule");
        assertThat(rules).as("PrometheusRule in overlay %s", overlay).hasSize(1);
        assertThat(rules.get(0).path("spec").path("groups"))
                .as("spec.groups of %s must equal the groups of deploy/prometheus/marketflow-rules.yml (edit both)", Rendered.id(rules.get(0)))
                .isEqualTo(plain);
    }

    @Test
    void plainConfigScrapesEveryServiceOnItsMetricsPath() throws IOException {
        JsonNode config = Rendered.YAML.readTree(PROMETHEUS.resolve("prometheus.yml").toFile());
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        config.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));
        List<String> problems = new ArrayList<>();
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
        if (!ruleFiles.contains("marketflow-rules.yml")) {
            problems.add("prometheus.yml does not load marketflow-rules.yml");
        }
        Set<String> targets = new TreeSet<>();
        for (ServiceModule service : Repo.quarkusServices()) {
            JsonNode job = jobs.get(service.name());
            if (job == null) {
                problems.add("no scrape job " + service.name());
                continue;
            }
            if (!service.metricsPath().equals(job.path("metrics_path").asText("/metrics"))) {
                problems.add("job " + service.name() + ": metrics_path " + job.path("metrics_path").asText("/metrics") + ", Quarkus serves " + service.metricsPath());
            }
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> {
                    if (!t.asText().endsWith(":" + service.httpPort())) {
                        problems.add("job " + service.name() + ": target " + t.asText() + ", but the service listens on " + service.httpPort()
                                + " when run locally (quarkus.http.port in its application.properties)");
                    }
                    if (!targets.add(t.asText())) {
                        problems.add("target " + t.asText() + " is scraped by two jobs: two local services cannot share a port");
                    }
                });
                if (!service.name().equals(sc.path("labels").path("app").asText()) || !"marketflow".equals(sc.path("labels").path("application").asText())) {
                    problems.add("job " + service.name() + ": static labels must be app=" + service.name() + ", application=marketflow (the rules select on them)");
                }
            }
        }
        assertThat(problems).as("deploy/prometheus/prometheus.yml").isEmpty();
    }

    @Test
    void dashboardParsesAndShowsWhatTheAlertsWatch() throws IOException {
        Path file = Repo.ROOT.resolve("deploy/k8s/base/monitoring/grafana/marketflow-pipeline.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        StringBuilder queries = new StringBuilder();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.append(t.path("expr").asText()).append('\n')));
        String rules = Repo.read(PROMETHEUS.resolve("marketflow-rules.yml"));
        List<String> missing = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(marketflow_[a-z_]+|kafka_consumer_[a-z_]+)\\b").matcher(rules);
        while (m.find()) {
            if (!queries.toString().contains(m.group(1)) && !missing.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(missing).as("metrics the alerts use but the dashboard %s never shows", file.getFileName()).isEmpty();
    }
}
