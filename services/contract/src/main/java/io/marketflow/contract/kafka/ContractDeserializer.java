package io.marketflow.contract.kafka;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.InvalidRecordException;

/**
 * Kafka deserializer of one contract record type. Kafka creates deserializers by class name, so the type comes from
 * the consumer property {@value #RECORD_TYPE_CONFIG} (a channel attribute in Quarkus), e.g.
 * {@code mp.messaging.incoming.trades.marketflow.record.type=io.marketflow.contract.Trade}.
 *
 * @param <T> the record type
 */
public class ContractDeserializer<T> implements Deserializer<T> {

    /** Consumer property naming the record class to read. */
    public static final String RECORD_TYPE_CONFIG = "marketflow.record.type";

    private Class<T> type;

    /** For Kafka: the type comes from {@link #configure(Map, boolean)}. */
    public ContractDeserializer() {
    }

    /**
     * @param type the record type, for programmatic use
     */
    public ContractDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object configured = configs.get(RECORD_TYPE_CONFIG);
        if (configured == null) {
            if (type == null) {
                throw new ConfigException(RECORD_TYPE_CONFIG, null, "ContractDeserializer needs the record class to read");
            }
            return;
        }
        try {
            type = (Class<T>) (configured instanceof Class<?> c ? c
                    : Class.forName(configured.toString(), true, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new ConfigException(RECORD_TYPE_CONFIG, configured, "no such record class");
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.fromBytes(data, type);
        } catch (InvalidRecordException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
