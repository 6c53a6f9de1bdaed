package io.marketflow.localstack;

import java.util.Locale;

/** Which stack to run: the developer's local run or the isolated one the tests use. */
public enum Profile {
    /** Ports and credentials come from the same environment variables as production (defaults: 9092, 9000, 5432). */
    LOCAL,
    /** Fixed test ports (29092, 29000, 25432) so tests never touch the local run's data. */
    TEST;

    /** @return the name used on the command line and in the data folder ({@code local}, {@code test}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code local} or {@code test}, any case
     * @return the matching profile
     */
    public static Profile fromId(String id) {
        for (Profile profile : values()) {
            if (profile.id().equalsIgnoreCase(id)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("Unknown profile '" + id + "', expected local or test");
    }
}
