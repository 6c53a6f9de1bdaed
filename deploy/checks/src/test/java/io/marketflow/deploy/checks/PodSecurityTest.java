package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every container of every workload (Deployments, StatefulSets, Jobs) has resources and a restricted securityContext
 * (the "restricted" Pod Security Standard, plus a read-only root filesystem and no host namespaces); the services'
 * containers also get an emptyDir on /tmp. {@link #aViolationInAnyWorkloadFails} proves each rule catches its breach.
 */
class PodSecurityTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasResourcesAndARestrictedSecurityContext(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.workloads()).as("%s renders no workload", overlay).isNotEmpty();
        // Every service, MinIO, PostgreSQL and the bucket Job: a new workload kind or a missing one shows here.
        assertThat(rendered.workloads().stream().map(Rendered::id).toList()).as("workloads of %s", overlay)
                .contains("StatefulSet/postgres", "StatefulSet/minio", "Job/minio-create-buckets")
                .containsAll(Repo.quarkusServices().stream().map(m -> "Deployment/" + m.name()).toList());
        assertThat(containerProblems(rendered)).as("containers of overlay %s", overlay).isEmpty();
    }

    /** A violation in any workload is reported: each mutation below breaks one rule in one kind of workload. */
    @Test
    void aViolationInAnyWorkloadFails() {
        Map<String, Rendered> mutated = new LinkedHashMap<>();
        mutated.put("Deployment/query-api container query-api: readOnlyRootFilesystem must be true",
                Mutated.overlay("local", "Deployment", "query-api", d -> Mutated.securityContext(d).put("readOnlyRootFilesystem", false)));
        mutated.put("StatefulSet/postgres container postgres: runAsUser 0 (root)",
                Mutated.overlay("local", "StatefulSet", "postgres", s -> Mutated.securityContext(s).put("runAsUser", 0)));
        mutated.put("Job/minio-create-buckets container mc: allowPrivilegeEscalation must be false",
                Mutated.overlay("local", "Job", "minio-create-buckets", j -> Mutated.securityContext(j).remove("allowPrivilegeEscalation")));
        mutated.put("Deployment/ingest-fundamentals container ingest-fundamentals: capabilities.drop must contain ALL",
                Mutated.overlay("production", "Deployment", "ingest-fundamentals", d -> Mutated.securityContext(d).putObject("capabilities").putArray("drop").add("NET_RAW")));
        mutated.put("StatefulSet/minio container minio: privileged",
                Mutated.overlay("production", "StatefulSet", "minio", s -> Mutated.securityContext(s).put("privileged", true)));
        mutated.put("Deployment/aggregator container aggregator: runAsNonRoot is not true (container or pod)",
                Mutated.overlay("local", "Deployment", "aggregator", d -> {
                    Mutated.securityContext(d).remove("runAsNonRoot");
                    ((ObjectNode) d.path("spec").path("template").path("spec").path("securityContext")).remove("runAsNonRoot");
                }));
        mutated.put("Deployment/ingest-news: hostNetwork is true",
                Mutated.overlay("local", "Deployment", "ingest-news", d -> ((ObjectNode) d.path("spec").path("template").path("spec")).put("hostNetwork", true)));
        mutated.put("Deployment/parquet-sink container parquet-sink: no emptyDir volume mounted at /tmp",
                Mutated.overlay("local", "Deployment", "parquet-sink", d -> Mutated.container(d).remove("volumeMounts")));
        mutated.forEach((expected, rendered) -> assertThat(containerProblems(rendered)).as(rendered.overlay).anyMatch(p -> p.startsWith(expected)));
    }

    /**
     * @param rendered an overlay
     * @return every breach of the restricted profile, a read-only root or the services' writable /tmp, one line each
     */
    static List<String> containerProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : rendered.workloads()) {
            JsonNode pod = Rendered.podSpec(workload);
            for (JsonNode container : Rendered.containers(workload)) {
                String where = Rendered.id(workload) + " container " + container.path("name").asText();
                JsonNode resources = container.path("resources");
                for (String required : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                    if (resources.at("/" + required).asText().isBlank()) {
                        problems.add(where + ": no resources." + required.replace('/', '.'));
                    }
                }
                JsonNode sc = container.path("securityContext");
                if (sc.isMissingNode()) {
                    problems.add(where + ": no securityContext");
                    continue;
                }
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    problems.add(where + ": allowPrivilegeEscalation must be false");
                }
                boolean dropsAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) {
                    dropsAll |= cap.asText().equals("ALL");
                }
                if (!dropsAll) {
                    problems.add(where + ": capabilities.drop must contain ALL");
                }
                if (!sc.path("runAsNonRoot").asBoolean(pod.path("securityContext").path("runAsNonRoot").asBoolean(false))) {
                    problems.add(where + ": runAsNonRoot is not true (container or pod)");
                }
                String seccomp = sc.path("seccompProfile").path("type").asText(pod.path("securityContext").path("seccompProfile").path("type").asText(""));
                if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                    problems.add(where + ": seccompProfile must be RuntimeDefault (container or pod)");
                }
                // Every workload (the StatefulSets and Jobs too, not only the services): nothing writes to the image.
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + ": readOnlyRootFilesystem must be true");
                }
                // runAsNonRoot with runAsUser 0 is refused by the kubelet at start: fail here instead.
                JsonNode user = sc.has("runAsUser") ? sc.path("runAsUser") : pod.path("securityContext").path("runAsUser");
                if (user.isNumber() && user.asLong() == 0) {
                    problems.add(where + ": runAsUser 0 (root)");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    problems.add(where + ": privileged");
                }
            }
            for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(hostAccess).asBoolean(false)) {
                    problems.add(Rendered.id(workload) + ": " + hostAccess + " is true");
                }
            }
        }
        for (JsonNode pool : rendered.ofKind("KafkaNodePool")) {
            if (pool.path("spec").path("resources").path("limits").path("memory").asText().isBlank()) {
                problems.add(Rendered.id(pool) + ": no resources.limits.memory for the Kafka nodes");
            }
        }
        problems.addAll(tmpProblems(rendered));
        return problems;
    }

    private static List<String> tmpProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            JsonNode pod = Rendered.podSpec(deployment);
            for (JsonNode container : Rendered.containers(deployment)) {
                String where = Rendered.id(deployment) + " container " + container.path("name").asText();
                if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + ": readOnlyRootFilesystem must be true");
                }
                String tmpVolume = null;
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (mount.path("mountPath").asText().equals("/tmp")) {
                        tmpVolume = mount.path("name").asText();
                    }
                }
                boolean emptyDir = false;
                for (JsonNode volume : pod.path("volumes")) {
                    emptyDir |= volume.path("name").asText().equals(tmpVolume) && volume.has("emptyDir");
                }
                if (!emptyDir) {
                    problems.add(where + ": no emptyDir volume mounted at /tmp (Quarkus and the Kafka client write there)");
                }
            }
        }
        return problems;
    }
}
