package io.marketflow.deploy.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository the checks read: its root, the service modules under {@code services/}, the overlays under
 * {@code deploy/k8s/overlays/} and the configuration template {@code .env.example}.
 */
final class Repo {

    /** The repository root: system property {@code marketflow.repo} (set by the pom), else found from the working dir. */
    static final Path ROOT = locateRoot();

    private Repo() {
    }

    private static Path locateRoot() {
        String configured = System.getProperty("marketflow.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("services")) && Files.isDirectory(dir.resolve("deploy/k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a folder with services/ and deploy/k8s/) above " + Path.of("").toAbsolutePath());
    }

    /** @return the names of the overlays, the folders under deploy/k8s/overlays/ */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("deploy/k8s/overlays"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a module folder under services/
     * @return the module, when services/&lt;name&gt;/pom.xml exists
     */
    static Optional<ServiceModule> service(String name) {
        Path dir = ROOT.resolve("services").resolve(name);
        return Files.isRegularFile(dir.resolve("pom.xml")) ? Optional.of(ServiceModule.read(dir)) : Optional.empty();
    }

    /** @return every module under services/ whose packaging is quarkus: the deployable services */
    static List<ServiceModule> quarkusServices() {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("services"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).sorted().map(ServiceModule::read)
                    .filter(ServiceModule::isQuarkusApp).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the variables of .env.example, name to example value, in file order */
    static Map<String, String> envExample() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : readLines(ROOT.resolve(".env.example"))) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                vars.put(trimmed.substring(0, trimmed.indexOf('=')).strip(), trimmed.substring(trimmed.indexOf('=') + 1));
            }
        }
        return vars;
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
