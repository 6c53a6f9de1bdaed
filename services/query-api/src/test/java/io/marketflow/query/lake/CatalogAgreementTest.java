package io.marketflow.query.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.marketflow.query.summary.SinkDatasets;

/**
 * The summary's dataset table and the query engine's catalog describe the same lake: same buckets, prefixes and time
 * column, so the summary's first/last event and freshness are measured on the column the queries filter on
 * (fundamentals: the point-in-time {@code available_from}, not {@code filing_date}).
 */
class CatalogAgreementTest {

    @Test
    void summaryDatasetsUseTheCatalogsLocationsAndTimeColumns() {
        LakeCatalog catalog = new LakeCatalog("s3", Map.of());
        for (SinkDatasets.Dataset d : SinkDatasets.resolve(Map.of(), Map.of(), false)) {
            LakeDataset c = catalog.get(d.id());
            assertThat(d.bucket()).as(d.id() + " bucket").isEqualTo(c.bucket());
            assertThat(d.prefix()).as(d.id() + " prefix").isEqualTo(c.prefix().replaceAll("^/+|/+$", ""));
            assertThat(d.timeColumn()).as(d.id() + " time column").isEqualTo(c.timeColumn());
        }
        assertThat(SinkDatasets.resolve(Map.of(), Map.of(), false)).hasSameSizeAs(catalog.all());
    }
}
