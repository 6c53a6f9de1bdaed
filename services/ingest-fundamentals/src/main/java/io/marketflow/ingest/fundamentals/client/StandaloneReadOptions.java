package io.marketflow.ingest.fundamentals.client;

import java.lang.reflect.Constructor;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * Read options without Hadoop: {@code ParquetReadOptions.builder(conf)} creates Hadoop's codec factory in the builder's
 * constructor (before {@code withCodecFactory} can replace it), which needs hadoop-common at run time. The options'
 * own constructor is package-private, so it is called reflectively (a class in Parquet's package fails in Quarkus'
 * test class loaders); the values are the builder's defaults of parquet 1.18.1, and a Parquet upgrade that changes the
 * constructor fails {@code FundamentalsFileTest}.
 */
final class StandaloneReadOptions {

    private static final int MAX_ALLOCATION_SIZE = 8 * 1024 * 1024;

    private StandaloneReadOptions() {
    }

    /**
     * @param codecs a codec factory that needs no Hadoop classes
     * @return read options with the builder's defaults and these codecs
     */
    static ParquetReadOptions create(CompressionCodecFactory codecs) {
        try {
            Constructor<ParquetReadOptions> constructor = ParquetReadOptions.class.getDeclaredConstructor(boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    FilterCompat.Filter.class, ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
                    ByteBufferAllocator.class, int.class, Map.class, FileDecryptionProperties.class, ParquetMetricsCallback.class,
                    ParquetConfiguration.class);
            constructor.setAccessible(true);
            return constructor.newInstance(
                    false, // useSignedStringMinMax
                    true, // useStatsFilter
                    true, // useDictionaryFilter
                    true, // useRecordFilter
                    true, // useColumnIndexFilter
                    false, // usePageChecksumVerification
                    true, // useBloomFilter
                    false, // useOffHeapDecryptBuffer
                    false, // useHadoopVectoredIo
                    FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), MAX_ALLOCATION_SIZE,
                    Map.of(), null, null, new PlainParquetConfiguration());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Parquet version's ParquetReadOptions constructor changed: " + e, e);
        }
    }
}
