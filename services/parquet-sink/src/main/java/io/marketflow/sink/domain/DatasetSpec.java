package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where and how one raw topic is stored: bucket, key prefix, record type (hence schema) and Hive partition levels.
 *
 * @param topic the raw topic
 * @param bucket the bucket (S3) or top directory (local storage)
 * @param prefix key prefix inside the bucket, without slashes at either end; empty for none
 * @param recordType the record type, which fixes the schema
 * @param partitionBy the Hive partition levels, outermost first
 */
public record DatasetSpec(String topic, String bucket, String prefix, RecordType recordType, List<String> partitionBy) {

    public DatasetSpec {
        partitionBy = List.copyOf(partitionBy);
        prefix = trimSlashes(prefix == null ? "" : prefix);
        for (String field : partitionBy) {
            if (!recordType.offersPartitionField(field)) {
                throw new IllegalArgumentException("dataset " + topic + ": " + recordType + " has no field '" + field + "' to partition by");
            }
        }
    }

    /**
     * @return a fingerprint of everything that decides a file's key and bytes: bucket, prefix, record type, partition
     *         levels and file schema. Written into cut markers, so a replay can tell that a rolling upgrade changed it.
     */
    public String layoutFingerprint() {
        String layout = bucket + '|' + prefix + '|' + recordType.name() + '|' + partitionBy + '|' + schema().columns();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(layout.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @return the file schema: the record's fields minus the partition levels, plus the Kafka coordinates */
    public TableSchema schema() {
        return TableSchema.of(topic, recordType.fields(), partitionBy);
    }

    /**
     * @param hivePath a Hive path of this dataset
     * @return the key prefix of that partition path, ending with a slash
     */
    public String directory(String hivePath) {
        StringBuilder key = new StringBuilder();
        if (!prefix.isEmpty()) {
            key.append(prefix).append('/');
        }
        if (!hivePath.isEmpty()) {
            key.append(hivePath).append('/');
        }
        return key.toString();
    }

    private static String trimSlashes(String value) {
        String result = value;
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
