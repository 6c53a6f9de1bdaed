package io.marketflow.localstack;

import java.util.Locale;

/** The three servers of the stack; their ids name data subfolders, PID files and the {@code --only} option. */
public enum ServerKind {
    KAFKA,
    S3,
    POSTGRES;

    /** @return the lower-case id used in folders and on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a server id such as {@code kafka}
     * @return the matching kind
     */
    public static ServerKind fromId(String id) {
        for (ServerKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown server '" + id + "', expected kafka, s3 or postgres");
    }
}
