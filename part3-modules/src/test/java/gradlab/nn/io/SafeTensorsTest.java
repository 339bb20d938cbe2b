package gradlab.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, the exact bytes written, every kind of corrupt file, and atomic writes. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[][] {{1.5, -2}, {1e-300, Math.PI}}));
        m.put("b32", Tensor.of(0.1, 0.2, 0.3).to(DType.FLOAT32));
        m.put("scalar", Tensor.scalar(-7));
        m.put("empty", Tensor.zeros(0, 4));
        m.put("transposed", Tensor.arange(6).reshape(2, 3).t());   // non-contiguous: saved in row-major order
        return m;
    }

    @Test
    void roundTripKeepsNamesOrderShapesDtypesAndValues() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Map<String, Tensor> in = sample();
        SafeTensors.save(f, in, Map.of("epoch", "3"));
        Map<String, Tensor> out = SafeTensors.load(f);
        assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
        for (String k : in.keySet()) {
            assertThat(out.get(k).shape()).as(k).containsExactly(in.get(k).shape());
            assertThat(out.get(k).dtype()).as(k).isEqualTo(in.get(k).dtype());
            assertThat(out.get(k).toDoubleArray()).as(k).containsExactly(in.get(k).toDoubleArray());
        }
        assertThat(out.get("transposed").toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(SafeTensors.loadMetadata(f)).containsEntry("epoch", "3").containsEntry("format", "pt");
    }

    @Test
    void theBytesFollowTheFormat() throws IOException {
        Path f = dir.resolve("one.safetensors");
        SafeTensors.save(f, Map.of("a", Tensor.of(1, -2)), Map.of("format", "pt"));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertThat(n % 8).isZero();
        String header = new String(Arrays.copyOfRange(b.array(), 8, 8 + (int) n), StandardCharsets.UTF_8);
        assertThat(header.strip()).startsWith("{\"__metadata__\":{\"format\":\"pt\",\"gradlab.checksums\":")
                .endsWith("\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        b.position(8 + (int) n);
        assertThat(b.getDouble()).isEqualTo(1.0);
        assertThat(b.getDouble()).isEqualTo(-2.0);
        assertThat(b.hasRemaining()).isFalse();
    }

    // ------------------------------------------------------------------------------------------------ corrupt files

    /** A file of the given header JSON (unpadded) and data bytes. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void assertCorrupt(Path f, String... expected) {
        var thrown = assertThatThrownBy(() -> SafeTensors.load(f))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("is not a valid safetensors file")
                .hasMessageContaining("Expected an 8-byte little-endian header length");
        for (String e : expected) {
            thrown.hasMessageContaining(e);
        }
    }

    @Test
    void truncatedFile() throws IOException {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.save(f, sample());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5));
        assertCorrupt(f, "tensor \"transposed\" ends at byte", "truncated");
        Files.write(f, Arrays.copyOf(all, 5));
        assertCorrupt(f, "5 bytes long, too short");
        Files.write(f, Arrays.copyOf(all, 40));
        assertCorrupt(f, "header length is");
    }

    @Test
    void badHeaderLength() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Path f = dir.resolve("h.safetensors");
        Files.write(f, b.array());
        assertCorrupt(f, "the header length is 1099511627776 bytes");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(0).array());
        assertCorrupt(f, "18446744073709551615");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(0).array());
        assertCorrupt(f, "the header length is 0 bytes");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertCorrupt(file("{\"a\": {\"dtype\": \"F64\",", 0), "not valid JSON");
        assertCorrupt(file("[1, 2]  ", 0), "does not start with '{'");
        assertCorrupt(file("{\"a\": 1, \"a\": 2}", 0), "not valid JSON", "Duplicate field 'a'");
        // a second object after the header's (the reference reader refuses trailing characters)
        assertCorrupt(file("{}{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 0),
                "not valid JSON", "Trailing token");
        // a name that is not UTF-8 (a lone 0xFF byte) would silently become U+FFFD and match no key
        byte[] h = "{\"a?\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}"
                .getBytes(StandardCharsets.US_ASCII);
        h[3] = (byte) 0xFF;
        Path f = dir.resolve("latin.safetensors");
        Files.write(f, ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array());
        assertCorrupt(f, "the header is not valid UTF-8");
        assertThat(new String(h, StandardCharsets.ISO_8859_1)).startsWith("{\"a\u00ff\"");
    }

    @Test
    void overlappingOffsets() throws IOException {
        assertCorrupt(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", 24),
                "tensors \"a\" [0, 16) and \"b\" [8, 24) overlap");
    }

    @Test
    void holesAndTrailingBytes() throws IOException {
        assertCorrupt(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 16),
                "bytes [0, 8) of the data belong to no tensor");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 12),
                "4 bytes after the last tensor");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        assertCorrupt(file("{\"a\":{\"dtype\":\"F65\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                "dtype \"F65\": that is not a safetensors dtype");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2),
                "dtype \"F16\": GradLab reads only F64 and F32");
    }

    @Test
    void shapeThatDisagreesWithTheOffsets() throws IOException {
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2, 3],\"data_offsets\":[0,16]}}", 16),
                "shape [2, 3] and dtype F32, so 24 bytes, but its data_offsets [0, 16] hold 16 bytes");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "sizes must be whole numbers");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4),
                "expected 0 <= begin <= end");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "data_offsets null");
        assertCorrupt(file("{\"a\":[1, 2]}", 0), "not an object with dtype, shape and data_offsets");
        assertCorrupt(file("{\"__metadata__\":{\"n\":1}}", 0), "metadata value \"n\" is 1, not a string");
    }

    // ------------------------------------------------------------------------------------------------ atomic writes

    /** A tensor whose values cannot be read: stands for a crash in the middle of writing the data. */
    private static final class FailingTensor extends Tensor {
        FailingTensor() {
            super(Tensor.zeros(3));
        }

        @Override
        public double[] toDoubleArray() {
            throw new IllegalStateException("simulated failure while writing");
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(f, sample());
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> broken = new LinkedHashMap<>(sample());
        broken.put("z", new FailingTensor());
        assertThatThrownBy(() -> SafeTensors.save(f, broken)).hasMessageContaining("simulated failure");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
        assertThat(SafeTensors.load(f).keySet()).containsExactlyElementsOf(sample().keySet());
    }

    @Test
    void aSuccessfulWriteReplacesTheFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(f, sample());
        SafeTensors.save(f, Map.of("only", Tensor.of(1)));
        assertThat(SafeTensors.load(f).keySet()).containsExactly("only");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    /** The temporary file renamed over the target is made like any new file, not owner-only like a temp file. */
    @Test
    void aSavedFileHasTheUsualPermissionsOfANewFile() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(f, sample());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
    }

    @Test
    void badNamesAreRefusedBeforeAnythingIsWritten() {
        Path f = dir.resolve("x.safetensors");
        assertThatThrownBy(() -> SafeTensors.save(f, Map.of("__metadata__", Tensor.of(1))))
                .hasMessageContaining("not __metadata__");
        assertThat(Files.exists(f)).isFalse();
    }
}
