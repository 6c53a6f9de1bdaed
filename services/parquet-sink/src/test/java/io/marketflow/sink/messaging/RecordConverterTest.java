package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;

/** Records to rows, plain JUnit: Hive paths, rejections of invalid records, a bug in the conversion told from bad data. */
class RecordConverterTest {

    private static final String TOPIC = "trades";
    private final RecordConverter converter = new RecordConverter(
            DatasetCatalog.of(List.of(new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker")))));

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, null, value);
    }

    @Test
    void convertsAValidRecordIntoARowUnderItsHivePath() {
        byte[] trade = ContractJson.toBytes(Trade.synthetic("AAPL", Instant.parse("2026-11-20T15:00:00Z"), 10, 1));

        RecordConverter.Converted converted = converter.convert(record(0, trade));

        assertThat(converted.rejection()).isNull();
        assertThat(converted.rows()).singleElement().extracting(RecordConverter.PathRow::path).isEqualTo("ticker=AAPL");
    }

    @Test
    void rejectsAnInvalidRecordWithTheReasonAndNoRows() {
        RecordConverter.Converted converted = converter.convert(record(2, "oops".getBytes()));

        assertThat(converted.rows()).isEmpty();
        assertThat(converted.rejection()).startsWith("not a valid Trade");
    }

    @Test
    void convertsNothingForATopicWithoutADataset() {
        RecordConverter.Converted converted = converter.convert(new ConsumerRecord<>("other", 0, 0, null, "oops".getBytes()));

        assertThat(converted).isSameAs(RecordConverter.Converted.NOTHING);
    }

    @Test
    void deadLettersValuesOutOfRangeButStopsOnABugInTheConversion() {
        ConsumerRecord<byte[], byte[]> record = record(7, new byte[0]);

        assertThat(RecordConverter.rejectionOf(record, new ArithmeticException("long overflow"))).contains("long overflow");
        assertThat(RecordConverter.rejectionOf(record, new DateTimeException("Instant exceeds minimum or maximum")))
                .contains("Instant exceeds");
        assertThatThrownBy(() -> RecordConverter.rejectionOf(record, new NullPointerException("row[3]")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trades-0@7").hasMessageContaining("not dead-lettered");
        assertThatThrownBy(() -> RecordConverter.rejectionOf(record, new ArrayIndexOutOfBoundsException(12)))
                .isInstanceOf(IllegalStateException.class);
    }
}
