package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Deployment is a service of the code, and every service of the code is deployed; probes and metrics point at
 * what Quarkus really serves (port from application.properties, /q/health/* from SmallRye Health, /q/metrics from the
 * Micrometer Prometheus registry).
 */
class ServiceDeploymentsTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentIsAQuarkusModule(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        assertThat(rendered.serviceDeployments()).as("%s renders no Deployment", overlay).isNotEmpty();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String name = Rendered.name(deployment);
            String app = deployment.path("metadata").path("labels").path("app").asText();
            if (!name.equals(app)) {
                problems.add("Deployment " + name + " has label app=" + app + " (they must be the service's name)");
            }
            var module = Repo.service(name);
            if (module.isEmpty()) {
                problems.add("Deployment " + name + ": there is no module services/" + name + " (pom.xml)");
            } else if (!module.get().isQuarkusApp()) {
                problems.add("Deployment " + name + ": services/" + name + "/pom.xml does not have <packaging>quarkus</packaging>");
            }
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                String image = container.path("image").asText();
                String repository = image.replaceFirst("@.*$", "").replaceFirst(":[^/:]+$", "");
                String last = repository.substring(repository.lastIndexOf('/') + 1);
                if (!last.equals(name)) {
                    problems.add("Deployment " + name + " runs image " + image + ": its repository must end in /" + name
                            + " (built with --build-arg SERVICE=" + name + ")");
                }
            }
        }
        assertThat(problems).as("Deployments of overlay %s against services/*", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyQuarkusModuleIsDeployed(String overlay) {
        Set<String> deployed = new TreeSet<>();
        Rendered.overlay(overlay).serviceDeployments().forEach(d -> deployed.add(Rendered.name(d)));
        List<String> missing = Repo.quarkusServices().stream().map(ServiceModule::name).filter(n -> !deployed.contains(n)).toList();
        assertThat(missing).as("services/* modules with packaging quarkus but no Deployment in overlay %s "
                + "(add deploy/k8s/base/<service>/ like base/ingest-market and list it in base/kustomization.yaml)", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesAndPortsMatchWhatQuarkusServes(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : Rendered.overlay(overlay).serviceDeployments()) {
            String name = Rendered.name(deployment);
            ServiceModule module = Repo.service(name).orElse(null);
            if (module == null) {
                continue; // reported by everyDeploymentIsAQuarkusModule
            }
            if (!module.dependsOn("quarkus-smallrye-health")) {
                problems.add(name + ": probes on " + module.healthRoot() + "/* but the module does not depend on quarkus-smallrye-health");
            }
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
            int httpPort = module.httpPort(Rendered.overlay(overlay).environment(container));
            boolean declaresPort = false;
            for (JsonNode port : container.path("ports")) {
                declaresPort |= port.path("containerPort").asInt() == httpPort;
            }
            if (!declaresPort) {
                problems.add(name + ": no containerPort " + httpPort + " (quarkus.http.port / QUARKUS_HTTP_PORT)");
            }
            Map<String, String> probes = Map.of("startupProbe", "started", "livenessProbe", "live", "readinessProbe", "ready");
            probes.forEach((probe, check) -> {
                JsonNode get = container.path(probe).path("httpGet");
                String expectedPath = module.healthRoot() + "/" + check;
                if (get.isMissingNode()) {
                    problems.add(name + ": no " + probe + " (httpGet " + expectedPath + ")");
                    return;
                }
                if (!expectedPath.equals(get.path("path").asText())) {
                    problems.add(name + ": " + probe + " path " + get.path("path").asText() + ", Quarkus serves " + expectedPath);
                }
                int port = Rendered.resolvePort(container, get.path("port"));
                if (port != httpPort) {
                    problems.add(name + ": " + probe + " port " + get.path("port").asText() + " (= " + port + "), Quarkus listens on " + httpPort);
                }
            });
        }
        assertThat(problems).as("probes of overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void metricsAreScrapedWhereQuarkusServesThem(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        List<JsonNode> monitors = rendered.ofKind("PodMonitor");
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String name = Rendered.name(deployment);
            ServiceModule module = Repo.service(name).orElse(null);
            if (module == null) {
                continue;
            }
            if (!module.dependsOn("quarkus-micrometer-registry-prometheus")) {
                problems.add(name + ": scraped on " + module.metricsPath() + " but does not depend on quarkus-micrometer-registry-prometheus");
            }
            JsonNode template = deployment.path("spec").path("template");
            int httpPort = module.httpPort(rendered.environment(template.path("spec").path("containers").path(0)));
            JsonNode annotations = template.path("metadata").path("annotations");
            if (!"true".equals(annotations.path("prometheus.io/scrape").asText())) {
                problems.add(name + ": pod annotation prometheus.io/scrape is not \"true\"");
            }
            if (!module.metricsPath().equals(annotations.path("prometheus.io/path").asText())) {
                problems.add(name + ": prometheus.io/path is " + annotations.path("prometheus.io/path").asText() + ", Quarkus serves " + module.metricsPath());
            }
            if (!String.valueOf(httpPort).equals(annotations.path("prometheus.io/port").asText())) {
                problems.add(name + ": prometheus.io/port is " + annotations.path("prometheus.io/port").asText() + ", Quarkus listens on " + httpPort);
            }
            Map<String, String> podLabels = Rendered.labels(template.path("metadata").path("labels"));
            JsonNode container = template.path("spec").path("containers").path(0);
            boolean scraped = false;
            for (JsonNode monitor : monitors) {
                if (!Rendered.selects(monitor.path("spec").path("selector"), podLabels)) {
                    continue;
                }
                for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                    int port = Rendered.resolvePort(container, endpoint.path("port").isMissingNode() ? endpoint.path("targetPort") : endpoint.path("port"));
                    scraped |= port == httpPort && module.metricsPath().equals(endpoint.path("path").asText("/metrics"));
                }
            }
            if (!scraped) {
                problems.add(name + ": no PodMonitor selects its pods with an endpoint on port " + httpPort + " path " + module.metricsPath());
            }
        }
        assertThat(problems).as("metrics of overlay %s", overlay).isEmpty();
    }
}
