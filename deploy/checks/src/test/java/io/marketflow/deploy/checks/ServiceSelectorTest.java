package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every Service routes to the pods of exactly one workload: a selector that also matches a Job's pod (which shares the
 * app label through the kustomization) would send clients to a pod that serves nothing while the Job runs.
 */
class ServiceSelectorTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsThePodsOfExactlyOneWorkload(String overlay) {
        assertThat(problems(Rendered.overlay(overlay))).as("Service selectors of overlay %s", overlay).isEmpty();
    }

    @Test
    void aSelectorThatAlsoMatchesTheBucketJobFails() {
        Rendered mutated = Mutated.overlay("local", "Service", "minio",
                service -> ((ObjectNode) service.path("spec").path("selector")).remove("app.kubernetes.io/component"));
        assertThat(problems(mutated)).anySatisfy(p -> assertThat(p).startsWith("Service/minio").contains("Job/minio-create-buckets"));
    }

    private static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode service : rendered.ofKind("Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<String> matched = rendered.workloads().stream()
                    .filter(w -> Rendered.selects(selector, Rendered.labels(w.path("spec").path("template").path("metadata").path("labels"))))
                    .map(Rendered::id).toList();
            if (matched.size() != 1) {
                problems.add(Rendered.id(service) + " selects the pods of " + matched + ", expected exactly one workload");
            }
        }
        return problems;
    }
}
