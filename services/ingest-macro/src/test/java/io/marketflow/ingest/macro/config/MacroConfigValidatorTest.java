package io.marketflow.ingest.macro.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Startup checks of the macro configuration: each failure names its key. */
class MacroConfigValidatorTest {

    @Test
    void theDefaultsAreTheOriginalSevenSeriesInRecordedModeWithoutAKey() {
        MacroConfigValidator v = new MacroConfigValidator(config(Map.of()));

        assertThat(v.fredSeries()).extracting(s -> s.seriesId() + ":" + s.alias()).containsExactly("GDPC1:gdp_real", "CPIAUCSL:cpi", "FEDFUNDS:ffr",
                "DGS10:t10y", "DGS2:t2y", "T10Y2Y:spread_10y_2y", "UNRATE:unemployment");
        assertThat(v.fredRecorded()).isTrue();
        assertThat(v.worldBankMode()).isEqualTo("recorded");
    }

    @Test
    void aKeyMeansLive() {
        MacroConfigValidator v = new MacroConfigValidator(config(Map.of("marketflow.macro.fred.api-key", "abcdefghijklmnopqrstuvwxyz012345")));

        assertThat(v.fredRecorded()).isFalse();
        assertThat(v.worldBankMode()).isEqualTo("live");
    }

    @Test
    void badValuesFailNamingTheirKey() {
        assertThatThrownBy(() -> new MacroConfigValidator(config(Map.of("marketflow.macro.fred.series", "GDPC1"))))
                .hasMessageStartingWith("marketflow.macro.fred.series: 'GDPC1'");
        assertThatThrownBy(() -> new MacroConfigValidator(config(Map.of("marketflow.macro.fred.series", "GDPC1:gdp,GDPC1:gdp2"))))
                .hasMessageContaining("marketflow.macro.fred.series");
        assertThatThrownBy(() -> new MacroConfigValidator(config(Map.of("marketflow.macro.fred.mode", "live"))))
                .hasMessageStartingWith("marketflow.macro.fred.mode");
        assertThatThrownBy(() -> new MacroConfigValidator(config(Map.of("marketflow.macro.schedule.poll-interval", "0s"))))
                .hasMessageStartingWith("marketflow.macro.schedule.poll-interval");
        assertThatThrownBy(() -> new MacroConfigValidator(config(Map.of("marketflow.macro.world-bank.indicators", "NY.GDP:Bad"))))
                .hasMessageStartingWith("marketflow.macro.world-bank.indicators");
        assertThatThrownBy(() -> config(Map.of("marketflow.macro.fred.start", "2020-13-01"))).hasMessageContaining("marketflow.macro.fred.start");
    }

    private static MacroConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(MacroConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
        return config.getConfigMapping(MacroConfig.class);
    }
}
