package io.marketflow.ingest.fundamentals.client;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import com.github.luben.zstd.Zstd;

/**
 * SNAPPY, ZSTD and UNCOMPRESSED pages decompressed with snappy-java and zstd-jni directly (as the parquet-sink's
 * {@code StandaloneCodecs} does): Parquet's default codec factory loads Hadoop's codec classes, which this service
 * does not ship. This service only reads, so it has no compressors.
 */
final class DecompressingCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("this service only reads Parquet");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("codec " + codec + " is not supported; the file must be SNAPPY, ZSTD or UNCOMPRESSED");
        }
        return new Decompressor(codec);
    }

    @Override
    public void release() {
        // Stateless.
    }

    /** Decompresses the pages of one codec. */
    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.get(compressed);
            output.put(decompress(compressed, uncompressedSize));
        }

        private byte[] decompress(byte[] compressed, int uncompressedSize) throws IOException {
            return switch (codec) {
                case SNAPPY -> Snappy.uncompress(compressed);
                case ZSTD -> Zstd.decompress(compressed, uncompressedSize);
                default -> compressed;
            };
        }

        @Override
        public void release() {
            // Stateless.
        }
    }
}
