package io.marketflow.sink.integration;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.marketflow.sink.SinkTestSupport;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The exactly-once verdict of the fault-injection tests, read by DuckDB from what the sink stored: every record once
 * (no row lost, no Kafka offset twice) and, per ticker, the produced count and price sum.
 */
final class StoredTrades {

    private StoredTrades() {
    }

    /**
     * @param bucket the bucket the test's dataset writes to
     * @param token the test run's prefix inside the bucket
     * @param records how many records were produced
     * @param expected per ticker: {count, price sum} of what was produced
     * @throws Exception when the objects cannot be downloaded or read
     */
    static void assertStoredExactlyOnce(String bucket, String token, int records, Map<String, double[]> expected) throws Exception {
        try (S3Client s3 = SinkTestSupport.s3()) {
            Path dir = SinkTestSupport.download(s3, bucket, token + "/");
            Map<String, Object> totals = duckdb(dir, "SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d FROM t").get(0);
            assertThat(totals.get("n")).isEqualTo((long) records);
            assertThat(totals.get("d")).isEqualTo((long) records);
            Map<String, double[]> actual = new TreeMap<>();
            for (Map<String, Object> row : duckdb(dir, "SELECT ticker, count(*) AS n, sum(price) AS p FROM t GROUP BY ticker")) {
                actual.put((String) row.get("ticker"), new double[] {((Number) row.get("n")).doubleValue(), (Double) row.get("p")});
            }
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            expected.forEach((ticker, e) -> {
                assertThat(actual.get(ticker)[0]).as("count of %s", ticker).isEqualTo(e[0]);
                assertThat(actual.get(ticker)[1]).as("price sum of %s", ticker).isCloseTo(e[1], within(1e-3));
            });
        }
    }
}
