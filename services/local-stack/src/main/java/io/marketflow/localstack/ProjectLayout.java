package io.marketflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where things live in the checkout: the project root, this module's build output and the stack's data folders. */
public final class ProjectLayout {

    private final Path root;

    /** @param root the directory holding {@code mvnw} and {@code services/} */
    public ProjectLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Walks up from the current directory, so the same call works from the root, from a service module
     * (surefire's working directory) or from anywhere below them.
     *
     * @return the layout of the checkout containing the current directory
     */
    public static ProjectLayout fromWorkingDirectory() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("services"))) {
                return new ProjectLayout(dir);
            }
        }
        throw new IllegalStateException("No marketflow checkout (a directory with mvnw and services/) above " + start);
    }

    /** @return the project root */
    public Path root() {
        return root;
    }

    /** @return {@code services/local-stack/target} */
    public Path moduleTarget() {
        return root.resolve("services/local-stack/target");
    }

    /** @return the file the build writes this module's runtime classpath to */
    public Path classpathFile() {
        return moduleTarget().resolve("local-stack.classpath");
    }

    /** @return the S3Proxy jar the build copies next to the classes */
    public Path s3proxyJar() {
        return moduleTarget().resolve("servers/s3proxy.jar");
    }

    /** @return this module's compiled classes, or its packaged jar when only that exists */
    public Path moduleClasses() {
        Path classes = moduleTarget().resolve("classes");
        if (Files.isRegularFile(classes.resolve("io/marketflow/localstack/LocalStackMain.class"))) {
            return classes;
        }
        try (Stream<Path> files = Files.list(moduleTarget())) {
            return files.filter(p -> p.getFileName().toString().matches("local-stack-.*\\.jar"))
                    .findFirst()
                    .orElse(classes);
        } catch (IOException e) {
            return classes;
        }
    }

    /**
     * @param profile the stack profile
     * @return {@code .local-stack/<profile>/} under the root (gitignored)
     */
    public Path dataDir(Profile profile) {
        return root.resolve(".local-stack").resolve(profile.id());
    }
}
