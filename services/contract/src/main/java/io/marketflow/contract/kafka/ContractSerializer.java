package io.marketflow.contract.kafka;

import org.apache.kafka.common.serialization.Serializer;

import io.marketflow.contract.ContractJson;

/**
 * Kafka serializer for any contract record, through {@link ContractJson}.
 */
public class ContractSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : ContractJson.toBytes(data);
    }
}
