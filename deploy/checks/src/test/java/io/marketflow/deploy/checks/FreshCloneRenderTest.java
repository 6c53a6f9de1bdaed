package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The overlays as a fresh clone has them: only the files git would hand out (tracked, or new and not ignored), so none
 * of the git-ignored {@code secrets/*.env} that {@code secrets-from-env.sh} writes. The local overlay must render from
 * that alone (a newcomer's first command), production must stop and name the missing Secret input, and the local
 * overlay with your keys ({@code overlays/local/secrets/}) must render from what the script writes.
 */
class FreshCloneRenderTest {

    private static Path clone;

    @BeforeAll
    static void copyWhatAFreshCloneHas() throws IOException {
        List<String> files = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "deploy/k8s");
        assertThat(files).as("git ls-files of deploy/k8s").contains("deploy/k8s/overlays/local/kustomization.yaml");
        Path target = Repo.ROOT.resolve("deploy/checks/target");
        Files.createDirectories(target);
        clone = Files.createTempDirectory(target, "fresh-clone-");
        for (String file : files) {
            Path source = Repo.ROOT.resolve(file);
            if (Files.isRegularFile(source)) { // a tracked file deleted in the working tree is not copied
                Path dest = clone.resolve(file);
                Files.createDirectories(dest.getParent());
                Files.copy(source, dest);
            }
        }
        try (var copied = Files.walk(clone)) {
            assertThat(copied.map(p -> clone.relativize(p).toString()).filter(p -> p.matches(".*/secrets/[^/]+\\.env")))
                    .as("git-ignored Secret inputs in the fresh-clone copy (.gitignore no longer ignores them?)").isEmpty();
        }
    }

    @Test
    void localOverlayRendersOnAFreshCloneAndEqualsTheCheckedOne() {
        Rendered.Kustomized result = Rendered.kustomize(clone.resolve("deploy/k8s/overlays/local"));
        assertThat(result.exit())
                .as("`kubectl kustomize deploy/k8s/overlays/local` on a fresh clone (no secrets-from-env.sh run) failed:\n%s", result.err())
                .isZero();
        // The other checks render the local overlay with the *.env.example templates filled in: the fresh clone must
        // give exactly those objects, so everything they check holds for a newcomer's first `kubectl apply -k`.
        assertThat(Rendered.parse("local (fresh clone)", result.out()).objects)
                .as("the local overlay of a fresh clone against the one the checks render")
                .containsExactlyElementsOf(Rendered.overlay("local").objects);
    }

    @Test
    void productionStopsUntilTheSecretStepRanAndNamesTheMissingFile() {
        Rendered.Kustomized result = Rendered.kustomize(clone.resolve("deploy/k8s/overlays/production"));
        assertThat(result.exit()).as("production rendered without its Secret inputs: it must require secrets-from-env.sh production").isNotZero();
        // deploy/k8s/README.md quotes this message: keep the two in step.
        assertThat(result.err()).as("kustomize's error for production on a fresh clone")
                .contains("evalsymlink failure on").containsPattern("overlays/production/secrets/[a-z-]+\\.env'");
    }

    @Test
    void localOverlayWithYourKeysUsesWhatSecretsFromEnvWrites() throws IOException, InterruptedException {
        // A clone of its own: the script writes into the overlay, the other tests must see the fresh one.
        Path workDir = Files.createTempDirectory(clone.getParent(), "with-keys-");
        Path k8s = workDir.resolve("deploy/k8s");
        try (var files = Files.walk(clone.resolve("deploy/k8s"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path dest = k8s.resolve(clone.resolve("deploy/k8s").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(file, dest);
                }
            }
        }
        Path dotEnv = workDir.resolve(".env");
        Files.writeString(dotEnv, "FINNHUB_API_KEY=finnhub-from-your-env\nMARKETFLOW_DB_PASSWORD=db-from-your-env\n");
        Process script = new ProcessBuilder("bash", k8s.resolve("secrets-from-env.sh").toString(), "local", dotEnv.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("script.log").toFile()).start();
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("secrets-from-env.sh local finished").isTrue();
        assertThat(script.exitValue()).as("secrets-from-env.sh local:\n%s", Files.readString(workDir.resolve("script.log"))).isZero();

        Rendered.Kustomized result = Rendered.kustomize(k8s.resolve("overlays/local/secrets"));
        assertThat(result.exit()).as("kubectl kustomize deploy/k8s/overlays/local/secrets after secrets-from-env.sh local:\n%s", result.err()).isZero();
        Rendered withKeys = Rendered.parse("local/secrets", result.out());
        Rendered local = Rendered.overlay("local");

        assertThat(kindsAndNames(withKeys)).as("objects of overlays/local/secrets against overlays/local (only Secret hashes may differ)")
                .containsExactlyElementsOf(kindsAndNames(local));
        assertThat(secretValue(withKeys, "ingest-news", "FINNHUB_API_KEY")).isEqualTo("finnhub-from-your-env");
        assertThat(secretValue(withKeys, "postgres", "POSTGRES_PASSWORD")).as("POSTGRES_PASSWORD from MARKETFLOW_DB_PASSWORD").isEqualTo("db-from-your-env");
        assertThat(secretValue(withKeys, "ingest-market", "MARKETFLOW_DB_PASSWORD")).isEqualTo("db-from-your-env");
        assertThat(secretValue(withKeys, "parquet-sink", "MARKETFLOW_S3_SECRET_KEY")).as("a key the .env lacks keeps the local default")
                .isEqualTo(secretValue(local, "parquet-sink", "MARKETFLOW_S3_SECRET_KEY"));
    }

    /** @return the value the Deployment/StatefulSet {@code app} gets for {@code key} from the Secret of its envFrom */
    private static String secretValue(Rendered rendered, String app, String key) {
        JsonNode workload = rendered.workloads().stream().filter(w -> Rendered.name(w).equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError(rendered + ": no workload " + app));
        for (JsonNode from : Rendered.podSpec(workload).path("containers").path(0).path("envFrom")) {
            if (from.has("secretRef")) {
                JsonNode secret = rendered.find("Secret", from.path("secretRef").path("name").asText())
                        .orElseThrow(() -> new AssertionError(rendered + ": " + app + " reads Secret " + from + ", which is not rendered"));
                if (secret.path("data").has(key)) {
                    return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(rendered + ": " + app + " gets no " + key + " from a Secret");
    }

    /** @return kind/name of every object, with the content hash kustomize appends to generated names removed */
    private static List<String> kindsAndNames(Rendered rendered) {
        return rendered.objects.stream().map(o -> Rendered.id(o).replaceFirst("-[a-z0-9]{10}$", "")).toList();
    }

    private static List<String> git(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", Repo.ROOT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: the fresh-clone check needs the repository's git metadata");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
        return List.of(new String(out, StandardCharsets.UTF_8).split("\0")).stream().filter(s -> !s.isEmpty()).toList();
    }
}
