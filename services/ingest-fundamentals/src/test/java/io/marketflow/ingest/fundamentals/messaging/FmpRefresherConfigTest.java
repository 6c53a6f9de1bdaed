package io.marketflow.ingest.fundamentals.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The first FMP check's delay: short by default, and a bad value fails startup naming the key. */
class FmpRefresherConfigTest {

    private static SmallRyeConfig config(String firstCheckDelay) {
        // Quarkus's converter reads "5s" as the application does
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(FundamentalsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        if (firstCheckDelay != null) {
            builder.withDefaultValue("marketflow.fundamentals.fmp.first-check-delay", firstCheckDelay);
        }
        return builder.build();
    }

    private static FmpRefresher refresher(FundamentalsConfig config) {
        // the checks run in the constructor, before any collaborator is used
        return new FmpRefresher(config, null, null, null, null, null, null, null, null);
    }

    @Test
    void theFirstCheckComesSecondsAfterStartupByDefault() {
        assertThat(config(null).getConfigMapping(FundamentalsConfig.class).fmp().firstCheckDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aNegativeFirstCheckDelayFailsStartupNamingTheKey() {
        FundamentalsConfig config = config("-1s").getConfigMapping(FundamentalsConfig.class);
        assertThatThrownBy(() -> refresher(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marketflow.fundamentals.fmp.first-check-delay");
    }

    @Test
    void aMalformedFirstCheckDelayFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> config("soon")).hasMessageContaining("marketflow.fundamentals.fmp.first-check-delay");
    }
}
