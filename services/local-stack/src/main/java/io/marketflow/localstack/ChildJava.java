package io.marketflow.localstack;

import java.nio.file.Path;

/** The java executable for child JVMs: the one running this JVM, so children use the same Java version. */
final class ChildJava {

    private ChildJava() {
    }

    /** @return the absolute path of this JVM's {@code java} launcher */
    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
