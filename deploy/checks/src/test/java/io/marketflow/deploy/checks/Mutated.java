package io.marketflow.deploy.checks;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A rendered overlay with one object changed, for the tests that prove a check fails on the violation it is there to
 * catch (a check that cannot fail proves nothing). The change is made on a deep copy; the cached render stays as it is.
 */
final class Mutated {

    private Mutated() {
    }

    /**
     * @param overlay an overlay under deploy/k8s/overlays/
     * @param kind    the kind of the object to change
     * @param name    its metadata.name
     * @param change  what to do to (a copy of) it
     * @return the overlay with that object changed, parsed again from YAML as the checks read a real render
     */
    static Rendered overlay(String overlay, String kind, String name, Consumer<ObjectNode> change) {
        Rendered original = Rendered.overlay(overlay);
        JsonNode target = original.find(kind, name).orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + "/" + name));
        boolean[] changed = {false};
        List<JsonNode> objects = original.objects.stream().map(o -> {
            JsonNode copy = o.deepCopy();
            if (o == target) {
                change.accept((ObjectNode) copy);
                changed[0] = true;
            }
            return copy;
        }).toList();
        if (!changed[0]) {
            throw new AssertionError(kind + "/" + name + " not changed");
        }
        String yaml = objects.stream().map(o -> {
            try {
                return Rendered.YAML.writeValueAsString(o);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining("\n"));
        return Rendered.parse(overlay + " (" + kind + "/" + name + " mutated)", yaml);
    }

    /** @return the first container of a workload, to change in place */
    static ObjectNode container(ObjectNode workload) {
        return (ObjectNode) workload.path("spec").path("template").path("spec").path("containers").path(0);
    }

    /** @return the first container's securityContext, to change in place */
    static ObjectNode securityContext(ObjectNode workload) {
        return (ObjectNode) container(workload).path("securityContext");
    }
}
