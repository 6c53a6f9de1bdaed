package io.marketflow.sink.integration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.SinkTestSupport;

/**
 * The fault-injection tests' input: trades produced at a paced rate while the sinks are killed, moved and cut off, each
 * recorded per ticker ({count, price sum}) for {@link StoredTrades#assertStoredExactlyOnce}.
 *
 * @param tickerPrefix prefix of the tickers, so that tests never share one
 * @param tickers how many distinct tickers
 * @param records how many trades
 * @param basePrice lowest price; prices step by one cent from it
 * @param priceSteps how many distinct prices
 * @param pauseEvery a pause after every this many trades, to spread the load over the whole scenario
 * @param pauseMillis how long each pause is
 */
record TradeLoad(String tickerPrefix, int tickers, int records, double basePrice, int priceSteps, int pauseEvery, long pauseMillis) {

    /**
     * @param topic the topic to write to
     * @param expected filled with {count, price sum} per ticker as the trades are sent (read by the test's thread)
     */
    void produce(String topic, Map<String, double[]> expected) {
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < records; i++) {
                String ticker = tickerPrefix + (i % tickers);
                double price = basePrice + (i % priceSteps) * 0.01;
                synchronized (expected) {
                    double[] e = expected.computeIfAbsent(ticker, t -> new double[2]);
                    e[0]++;
                    e[1] += price;
                }
                SinkTestSupport.send(producer, topic, ticker, ContractJson.toBytes(
                        new Trade(1, ticker, base.plusMillis(i), price, 1, "V", (long) i, List.of(), null, "alpaca", false)));
                if (i % pauseEvery == 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
