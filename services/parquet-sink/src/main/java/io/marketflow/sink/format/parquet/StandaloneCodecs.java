package io.marketflow.sink.format.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * SNAPPY, ZSTD and UNCOMPRESSED on snappy-java and zstd-jni directly: Parquet's default codec factory loads Hadoop's
 * codec classes, which this service does not ship.
 */
public final class StandaloneCodecs implements CompressionCodecFactory {

    /** zstd level 3: zstd's own default, a good ratio at well over 100 MB/s per core. */
    static final int ZSTD_LEVEL = 3;

    /**
     * One zstd context per encoding thread: {@code Zstd.compress} sets up a new one (a few hundred KB of native
     * state) for every page, and a cut writes a page per column per file.
     */
    private static final ThreadLocal<ZstdCompressCtx> ZSTD = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(ZSTD_LEVEL));

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Compressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {
        // Stateless: nothing pooled.
    }

    private static void requireSupported(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("codec " + codec + " is not supported; use SNAPPY, ZSTD or UNCOMPRESSED");
        }
    }

    /** Compresses whole pages with one codec. */
    private record Compressor(CompressionCodecName codec) implements BytesInputCompressor {

        Compressor {
            requireSupported(codec);
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] input = bytes.toByteArray();
            return switch (codec) {
                case SNAPPY -> BytesInput.from(Snappy.compress(input));
                case ZSTD -> BytesInput.from(ZSTD.get().compress(input));
                default -> BytesInput.from(input);
            };
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            // Stateless.
        }
    }

    /** Decompresses pages of one codec (used by compaction's reader). */
    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

        Decompressor {
            requireSupported(codec);
        }

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
