package io.marketflow.sink.format.parquet;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * What every Parquet file the sink writes (new or merged) shares: codec and row group size, with the standalone codecs
 * and a plain configuration so that writing needs no Hadoop.
 *
 * @param codec SNAPPY, ZSTD or UNCOMPRESSED
 * @param rowGroupBytes target row group size
 */
record WriteSettings(CompressionCodecName codec, int rowGroupBytes) {

    /** The codecs of every read and write, built on snappy-java and zstd-jni. */
    static final StandaloneCodecs CODECS = new StandaloneCodecs();

    /**
     * @param builder a writer builder
     * @param <T> the record type
     * @param <B> the builder type
     * @return the builder with these settings
     */
    <T, B extends ParquetWriter.Builder<T, B>> B applyTo(B builder) {
        return builder.withConf(new PlainParquetConfiguration())
                .withCodecFactory(CODECS)
                .withCompressionCodec(codec)
                .withRowGroupSize((long) rowGroupBytes);
    }
}
