package gradlab.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksums of a GradLab safetensors file: every changed byte anywhere in a small file is found, and the error
 * names the file and the tensor or metadata entry it hit.
 */
class SafeTensorsIntegrityTest {
    private static final long SEED = 20261201L;

    @TempDir
    Path dir;

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("fc.weight", Tensor.of(new int[] {2, 3}, 0.5, -1, 2, 3.25, 0, -0.125).to(DType.FLOAT32));
        t.put("fc.bias", Tensor.of(1e-3, -7, 42));
        t.put("scalar", Tensor.scalar(Math.PI));
        return t;
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", "26638");
        m.put("lr", "0.01");
        return m;
    }

    /** What the byte at {@code position} of the saved file belongs to, for the test's name and the expected message. */
    private record Region(String name, String expectedInMessage) {
    }

    private static List<Region> regions(byte[] file) {
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String text = new String(file, StandardCharsets.ISO_8859_1);
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < file.length; i++) {
            if (i < 8) {
                out.add(new Region("header length", null));
            } else if (i < 8 + n) {
                String entry = null;
                for (Map.Entry<String, String> m : metadata().entrySet()) {
                    int at = text.indexOf("\"" + m.getKey() + "\":\"" + m.getValue() + "\"")
                            + m.getKey().length() + 5;
                    if (i >= at && i < at + m.getValue().length()) {
                        entry = m.getKey();
                    }
                }
                out.add(entry == null ? new Region("header", null)
                        : new Region("metadata value " + entry, "metadata entry \"" + entry + "\""));
            } else {
                long d = i - 8 - n;
                String tensor = d < 24 ? "fc.weight" : d < 48 ? "fc.bias" : "scalar";
                out.add(new Region("data of " + tensor, "tensor \"" + tensor + "\""));
            }
        }
        return out;
    }

    /**
     * Each byte changed by a seeded random non-zero mask. A change that leaves the header valid JSON must be named by
     * its part (the metadata entry, the tensor); one that breaks the JSON is a format error naming the file.
     */
    @TestFactory
    Stream<DynamicTest> everyChangedByteIsDetected() throws IOException {
        Path original = dir.resolve("original.safetensors");
        SafeTensors.save(original, tensors(), metadata());
        byte[] bytes = Files.readAllBytes(original);
        List<Region> regions = regions(bytes);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(SEED);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            {
                int mask = 1 + random.nextInt(255);
                int position = i;
                Region region = regions.get(i);
                String name = String.format("byte %d (%s) xor 0x%02x (seed %d)", position, region.name(), mask, SEED);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    byte[] changed = bytes.clone();
                    changed[position] ^= (byte) mask;
                    Path f = dir.resolve("changed-" + position + "-" + mask + ".safetensors");
                    Files.write(f, changed);
                    try {
                        Map<String, Tensor> loaded = SafeTensors.load(f);
                        Map<String, String> meta = SafeTensors.loadMetadata(f);
                        fail(name + ": the change was not detected; loaded " + loaded.keySet() + " " + meta);
                    } catch (SafeTensorsFormatException e) {
                        assertThat(e.getMessage()).as(name).startsWith(f.toString());
                        int changedByte = (bytes[position] ^ mask) & 0xFF;
                        boolean stillJson = changedByte >= 0x20 && changedByte < 0x7f && changedByte != '"'
                                && changedByte != '\\';
                        if (region.expectedInMessage() != null && (stillJson || position >= 8 + headerLength)) {
                            assertThat(e.getMessage()).as(name).contains(region.expectedInMessage());
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aSavedFileLoadsUnchangedWithItsMetadataAndWithoutTheChecksumEntries() throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, tensors(), metadata());
        assertThat(SafeTensors.loadMetadata(f)).containsExactly(Map.entry("format", "pt"), Map.entry("epoch", "26638"),
                Map.entry("lr", "0.01"));
        assertThat(SafeTensors.load(f).get("fc.bias").toDoubleArray()).containsExactly(1e-3, -7, 42);
        String header = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        assertThat(header).contains("\"gradlab.checksums\":\"{\\\"algorithm\\\":\\\"CRC32C\\\"")
                .contains("\"gradlab.header_crc32c\":\"");
    }

    @Test
    void changedMetadataNamesTheEntry() throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, tensors(), metadata());
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        bytes[text.indexOf("26638")] = '3';                       // epoch 26638 -> 36638
        Files.write(f, bytes);
        assertThatThrownBy(() -> SafeTensors.loadMetadata(f)).isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageStartingWith(f + " is corrupted: metadata entry \"epoch\" does not match its checksum")
                .hasMessageContaining("\"36638\"");
    }

    @Test
    void reservedMetadataKeysAreRefused() {
        assertThatThrownBy(() -> SafeTensors.save(dir.resolve("x"), tensors(), Map.of("gradlab.checksums", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void aStaleTemporaryFileOfAKilledSaveIsRemovedByTheNextSave() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Path stale = dir.resolve(".model.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp");
        Files.write(stale, new byte[] {1, 2, 3});                          // what a kill -9 mid-save leaves
        Path other = dir.resolve(".other.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp");
        Files.write(other, new byte[] {1});                                // another file's: not ours to delete
        SafeTensors.save(f, tensors());
        assertThat(stale).doesNotExist();
        assertThat(other).exists();
        assertThat(SafeTensors.load(f)).containsOnlyKeys("fc.weight", "fc.bias", "scalar");
    }

    @Test
    void aTemporaryFileThatIsLockedBelongsToASaveInProgressAndIsKept() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Path busy = dir.resolve(".model.safetensors.1f8fad5b-d9cb-469f-a165-70867728950e.tmp");
        Files.write(busy, new byte[] {1});
        try (FileChannel c = FileChannel.open(busy, StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            SafeTensors.save(f, tensors());
            assertThat(busy).exists();
        }
    }

    @Test
    void loadingADirectoryNamesThePath() throws IOException {
        assertThatThrownBy(() -> SafeTensors.load(dir)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> SafeTensors.loadMetadata(dir)).hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> SafeTensors.save(dir, tensors())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("is a directory");
    }
}
