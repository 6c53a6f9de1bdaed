package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Repeated strings come back as one instance, and always with exactly the characters asked for. */
class RepeatedStringsTest {

    @Test
    void givesTheRememberedInstanceForTheSameCharacters() {
        RepeatedStrings strings = new RepeatedStrings(64);
        String first = strings.of(ascii("xxAAPLyy"), 2, 4);
        assertThat(first).isEqualTo("AAPL");
        assertThat(strings.of(ascii("AAPL"), 0, 4)).isSameAs(first);
        assertThat(strings.of(ascii("AAP"), 0, 3)).isEqualTo("AAP").isNotSameAs(first);
        assertThat(strings.of(ascii("AAPL"), 0, 4)).isSameAs(first);
        assertThat(strings.of(new byte[0], 0, 0)).isEmpty();
    }

    @Test
    void alwaysGivesTheCharactersAskedForWhenSlotsCollide() {
        // Two slots for hundreds of strings: every call replaces a remembered one, none may leak into another.
        RepeatedStrings strings = new RepeatedStrings(2);
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            String expected = Integer.toString(random.nextInt(500), 36);
            assertThat(strings.of(ascii(expected), 0, expected.length())).isEqualTo(expected);
        }
    }

    @Test
    void doesNotRememberLongStrings() {
        RepeatedStrings strings = new RepeatedStrings(64);
        String text = "x".repeat(RepeatedStrings.MAX_LENGTH + 1);
        String first = strings.of(ascii(text), 0, text.length());
        assertThat(first).isEqualTo(text);
        assertThat(strings.of(ascii(text), 0, text.length())).isEqualTo(text).isNotSameAs(first);
    }

    @Test
    void reusesThePreviousValueOnlyWhenEqual() {
        String previous = "alpaca";
        assertThat(RepeatedStrings.reuse(previous, ascii("alpaca"), 0, 6)).isSameAs(previous);
        assertThat(RepeatedStrings.reuse(previous, ascii("alpacb"), 0, 6)).isEqualTo("alpacb");
        assertThat(RepeatedStrings.reuse(previous, ascii("alpac"), 0, 5)).isEqualTo("alpac");
        assertThat(RepeatedStrings.reuse(null, ascii("a"), 0, 1)).isEqualTo("a");
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        RepeatedStrings strings = new RepeatedStrings(16);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int wrong = 0;
                    for (int i = 0; i < 200_000; i++) {
                        String expected = "T" + random.nextInt(100);
                        if (!strings.of(ascii(expected), 0, expected.length()).equals(expected)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void needsAPowerOfTwoSize() {
        assertThatThrownBy(() -> new RepeatedStrings(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepeatedStrings(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
