package org.apache.parquet;

import java.util.Map;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options without Hadoop: {@code ParquetReadOptions.builder(conf)} creates Hadoop's codec factory in the builder's
 * constructor (before {@code withCodecFactory} can replace it), which needs hadoop-common at run time. Its constructor
 * is package-private, hence this class in Parquet's package; the values are the builder's defaults (parquet 1.18.1).
 */
public final class StandaloneReadOptions {

    private static final int MAX_ALLOCATION_SIZE = 8 * 1024 * 1024;

    private StandaloneReadOptions() {
    }

    /**
     * @param codecs a codec factory that needs no Hadoop classes
     * @return read options with the builder's defaults and these codecs
     */
    public static ParquetReadOptions create(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
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
    }
}
