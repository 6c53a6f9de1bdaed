package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/** STYLE.md §6: every object, and every pod template, carries app, application=marketflow and system=marketflow. */
class LabelsTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectCarriesTheStyleLabels(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered.objects) {
            check(Rendered.id(object), object.path("metadata").path("labels"), problems);
            JsonNode template = object.path("spec").path("template").path("metadata");
            if (!template.isMissingNode()) {
                check(Rendered.id(object) + " pod template", template.path("labels"), problems);
            }
        }
        assertThat(problems).as("labels of overlay %s", overlay).isEmpty();
    }

    private static void check(String where, JsonNode labels, List<String> problems) {
        Map<String, String> map = Rendered.labels(labels);
        if (map.getOrDefault("app", "").isBlank()) {
            problems.add(where + ": no label app");
        }
        if (!"marketflow".equals(map.get("application"))) {
            problems.add(where + ": label application is " + map.get("application") + ", expected marketflow");
        }
        if (!"marketflow".equals(map.get("system"))) {
            problems.add(where + ": label system is " + map.get("system") + ", expected marketflow");
        }
    }
}
