package gradlab.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.tensor.DType;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes tensors in the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format, which
 * PyTorch (and most frameworks) read and write, so weights trained here open there and back:
 * <pre>
 *   [8 bytes]  N, the header length, an unsigned little-endian 64-bit integer
 *   [N bytes]  a UTF-8 JSON object: {"__metadata__": {"k": "v", ...},
 *                                    "fc1.weight": {"dtype": "F32", "shape": [16, 2], "data_offsets": [0, 128]}, ...}
 *              (padded with spaces to a multiple of 8 bytes)
 *   [rest]     the tensors' bytes, row-major, little-endian; data_offsets [begin, end) count from the end of the
 *              header, and the tensors cover the rest of the file exactly, back to back
 * </pre>
 * GradLab reads and writes F64 (float64) and F32 (float32). Unlike a pickle ({@code torch.save}), loading a
 * safetensors file runs no code.
 *
 * <p><b>Atomic writes.</b> {@link #save} writes a temporary file in the same directory, forces it to disk, then
 * renames it over the target in one atomic step: a crash or an error leaves either the old file or the new one,
 * never a half-written one. The temporary file is locked while it is written; the next save to the same path deletes
 * any unlocked one (left by a save that was killed). <b>Checksums.</b> {@link #save} also writes a CRC32C of each
 * tensor's bytes, of each metadata value and of the header into {@code "__metadata__"} (two string entries,
 * {@code gradlab.checksums} and {@code gradlab.header_crc32c}: PyTorch still opens the file), and {@link #load}
 * verifies them, so any changed byte is an error naming the file and the tensor or metadata entry (see
 * {@link Checksums}); files without them (written by PyTorch) load unchecked. <b>Validated reads.</b> {@link #load} checks the header length, the JSON, each dtype and
 * shape, and that the offsets are in range, contiguous and agree with the shapes; anything else is a
 * {@link SafeTensorsFormatException} naming the file and the problem.
 * <pre>
 *   SafeTensors.save(Path.of("model.safetensors"), model.stateDict());
 *   model.loadStateDict(SafeTensors.load(Path.of("model.safetensors")));
 * </pre>
 */
public final class SafeTensors {
    /** The expected form, quoted in errors. */
    static final String FORMAT = "an 8-byte little-endian header length N, then N bytes of JSON {\"name\": {\"dtype\":"
            + " \"F64\"|\"F32\", \"shape\": [...], \"data_offsets\": [begin, end]}, ..., \"__metadata__\": {...}},"
            + " then the tensors' little-endian bytes back to back";
    /** The largest header accepted (as the reference implementation: 100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32",
            "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");
    /** Strict JSON: a duplicate key or anything after the header's object (other than the padding) is an error. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafeTensors() {
    }

    // -------------------------------------------------------------------------------------------- writing

    /** Writes {@code tensors} (in map order) to {@code file} atomically, with metadata {"format": "pt"}. */
    public static void save(Path file, Map<String, ? extends Tensor> tensors) throws IOException {
        save(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (in map order) and the string {@code metadata} to {@code file} atomically: through a
     * temporary file in the same directory, forced to disk, then renamed over {@code file}. A "format": "pt" entry is
     * added to the metadata unless it has a "format" (Hugging Face's loaders look for it).
     */
    public static void save(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("SafeTensors.save: file is null; pass the path to write, e.g."
                    + " Path.of(\"model.safetensors\")");
        }
        if (tensors == null) {
            throw new IllegalArgumentException("SafeTensors.save(" + file + "): tensors is null; pass a map from name"
                    + " to tensor, e.g. model.stateDict()");
        }
        if (metadata == null) {
            throw new IllegalArgumentException("SafeTensors.save(" + file + "): metadata is null; pass Map.of() for"
                    + " none");
        }
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("SafeTensors.save: " + target + " is a directory; pass the path of a"
                    + " file in it, e.g. " + target.resolve("model.safetensors"));
        }
        Map<String, String> userMetadata = new LinkedHashMap<>();
        if (!metadata.containsKey("format")) {
            userMetadata.put("format", "pt");
        }
        userMetadata.putAll(checkedMetadata(metadata));
        ObjectNode header = header(tensors, userMetadata);
        Map<String, ByteBuffer> data = new LinkedHashMap<>();
        tensors.forEach((name, t) -> data.put(name, bytes(t)));
        ObjectNode meta = (ObjectNode) header.get(METADATA);
        meta.put(Checksums.CHECKSUMS, Checksums.describe(data, userMetadata));
        meta.put(Checksums.HEADER, Checksums.PLACEHOLDER);
        byte[] headerBytes = padded(JSON.writeValueAsBytes(header));
        ByteBuffer start = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        start.putLong(headerBytes.length).put(headerBytes);
        Checksums.sealHeader(start.array());

        removeStaleTempFiles(target);
        Path tmp = newTempFile(target);
        boolean moved = false;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             FileLock lock = out.lock()) {          // held until renamed: marks the temporary file as in use
            writeFully(out, start.flip());
            for (ByteBuffer b : data.values()) {
                writeFully(out, b);
            }
            out.force(true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(target.getParent());
    }

    private static Map<String, String> checkedMetadata(Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("SafeTensors.save: metadata keys and values must be non-null"
                        + " strings, got " + e.getKey() + " = " + e.getValue());
            }
            if (Checksums.KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("SafeTensors.save: metadata key \"" + e.getKey() + "\" is"
                        + " reserved for the file's checksums; choose another key");
            }
        }
        return metadata;
    }

    /**
     * Deletes the temporary files a killed save to {@code target} left behind: {@code .<name>.<uuid>.tmp} beside it
     * that no save holds locked (a save in progress, in this or another process, holds its file's lock).
     */
    private static void removeStaleTempFiles(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> candidates = new ArrayList<>();
        try (var files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && n.length() == prefix.length() + 36 + 4;
        })) {
            files.forEach(candidates::add);
        }
        for (Path p : candidates) {
            try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE);
                 FileLock lock = c.tryLock()) {
                if (lock != null) {
                    Files.deleteIfExists(p);
                }
            } catch (OverlappingFileLockException | IOException e) {
                // in use by a save in this JVM, or already gone: leave it
            }
        }
    }

    /**
     * A new, empty file beside {@code target} with a unique name. Made by {@code Files.createFile}, so it gets the
     * permissions of any new file (the umask's); {@code Files.createTempFile} would make it readable by its owner
     * only, and the saved model, renamed from it, too.
     */
    private static Path newTempFile(Path target) throws IOException {
        return Files.createFile(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp"));
    }

    private static ObjectNode header(Map<String, ? extends Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject(METADATA);
        metadata.forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("SafeTensors.save: tensor name '" + name + "' is not allowed;"
                        + " names must be non-empty and not " + METADATA);
            }
            if (t == null) {
                throw new IllegalArgumentException("SafeTensors.save: tensor '" + name + "' is null; every name needs"
                        + " a tensor (leave the entry out instead)");
            }
            long size = (long) t.numel() * t.dtype().bytes();
            ObjectNode info = header.putObject(name);
            info.put("dtype", t.dtype() == DType.FLOAT64 ? "F64" : "F32");
            ArrayNode shape = info.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            info.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        return header;
    }

    /** The header padded with spaces to a multiple of 8 bytes, so the data that follows is aligned. */
    private static byte[] padded(byte[] json) {
        int length = (json.length + 7) / 8 * 8;
        byte[] out = new byte[length];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < length; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static ByteBuffer bytes(Tensor t) {
        double[] v = t.toDoubleArray();
        ByteBuffer buf = ByteBuffer.allocate(v.length * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            if (t.dtype() == DType.FLOAT64) {
                buf.putDouble(x);
            } else {
                buf.putFloat((float) x);
            }
        }
        return buf.flip();
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    /** Makes the rename itself durable (POSIX); some systems cannot open a directory, which is harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here (e.g. Windows): the file itself is already on disk
        }
    }

    // -------------------------------------------------------------------------------------------- reading

    /**
     * The tensors of {@code file}, by name, in header order (F64 as float64, F32 as float32 tensors). A file GradLab
     * wrote is checked against its checksums: a changed byte anywhere is a {@link SafeTensorsFormatException} naming
     * the tensor or metadata entry.
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        try (FileChannel in = open(file)) {
            Header h = readHeader(file, in);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Entry e : h.entries) {
                out.put(e.name, readTensor(file, in, h.dataStart + e.begin, e, h.checksums));
            }
            return out;
        }
    }

    /** The string metadata of {@code file} (its "__metadata__" without the checksums; empty if it has none). */
    public static Map<String, String> loadMetadata(Path file) throws IOException {
        try (FileChannel in = open(file)) {
            return readHeader(file, in).metadata;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("SafeTensors.load: file is null; pass the path of a .safetensors file");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a safetensors file; pass the"
                    + " path of a file in it (e.g. " + file.resolve("model.safetensors") + ")");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** One tensor's header entry. */
    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {
    }

    /** The parsed header; {@code checksums} is null for a file without them (not written by GradLab). */
    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart,
                          Checksums.Declared checksums) {
    }

    private static Header readHeader(Path file, FileChannel in) throws IOException {
        long fileSize = in.size();
        if (fileSize < 8) {
            throw new SafeTensorsFormatException(file, "it is " + fileSize + " bytes long, too short to hold the"
                    + " 8-byte header length");
        }
        ByteBuffer lengthBuf = readAt(in, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long n = lengthBuf.getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > fileSize - 8) {
            throw new SafeTensorsFormatException(file, "the header length is " + Long.toUnsignedString(n)
                    + " bytes, but it must be at least 2, at most " + MAX_HEADER_BYTES + " and fit in the "
                    + (fileSize - 8) + " bytes after the length field");
        }
        byte[] headerBytes = readAt(in, 8, (int) n).array();
        if (headerBytes[0] != '{') {
            throw new SafeTensorsFormatException(file, "the header does not start with '{'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(file, "the header is not valid UTF-8 (" + e + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SafeTensorsFormatException(file, "the header is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new SafeTensorsFormatException(file, "the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(entry(file, field.getKey(), field.getValue()));
            }
        }
        long dataLength = fileSize - 8 - n;
        checkLayout(file, entries, dataLength);
        byte[] lengthAndHeader = new byte[8 + headerBytes.length];
        System.arraycopy(lengthBuf.array(), 0, lengthAndHeader, 0, 8);
        System.arraycopy(headerBytes, 0, lengthAndHeader, 8, headerBytes.length);
        Set<String> names = new java.util.HashSet<>();
        entries.forEach(e -> names.add(e.name));
        Checksums.Declared checksums = Checksums.verifyHeader(file, lengthAndHeader, metadata, names);
        metadata.keySet().removeAll(Checksums.KEYS);
        return new Header(entries, metadata, 8 + n, checksums);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) throws IOException {
        if (!node.isObject()) {
            throw new SafeTensorsFormatException(file, "\"__metadata__\" is not an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafeTensorsFormatException(file, "metadata value \"" + e.getKey() + "\" is "
                        + e.getValue() + ", not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node) throws IOException {
        String where = "tensor \"" + name + "\"";
        if (!node.isObject()) {
            throw new SafeTensorsFormatException(file, where + " is " + node + ", not an object with dtype, shape"
                    + " and data_offsets");
        }
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafeTensorsFormatException(file, where + " has no string \"dtype\"");
        }
        String code = dtypeNode.asText();
        DType dtype = switch (code) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            default -> throw new SafeTensorsFormatException(file, where + " has dtype \"" + code + "\": "
                    + (OTHER_DTYPES.contains(code) ? "GradLab reads only F64 and F32 (convert it in PyTorch with"
                    + " .double() or .float() before saving)" : "that is not a safetensors dtype (known: F64, F32, "
                    + String.join(", ", new java.util.TreeSet<>(OTHER_DTYPES)) + ")"));
        };
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new SafeTensorsFormatException(file, where + " has no \"shape\" array");
        }
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
                throw new SafeTensorsFormatException(file, where + " has shape " + shapeNode + ": sizes must be"
                        + " whole numbers in [0, " + Integer.MAX_VALUE + "]");
            }
            shape[i] = d.asInt();
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(file, where + " has shape " + shapeNode + " with more than "
                        + Integer.MAX_VALUE + " elements, too many for one GradLab tensor");
            }
        }
        if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).canConvertToLong() || !offsetsNode.get(1).canConvertToLong()
                || !offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber()) {
            throw new SafeTensorsFormatException(file, where + " has data_offsets " + offsetsNode
                    + "; expected [begin, end], two whole numbers");
        }
        long begin = offsetsNode.get(0).asLong();
        long end = offsetsNode.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new SafeTensorsFormatException(file, where + " has data_offsets [" + begin + ", " + end
                    + "]; expected 0 <= begin <= end");
        }
        long expected = numel * dtype.bytes();
        if (expected > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsFormatException(file, where + " has " + expected + " bytes; GradLab reads tensors of"
                    + " up to 2 GB");
        }
        if (end - begin != expected) {
            throw new SafeTensorsFormatException(file, where + " has shape " + Shapes.str(shape) + " and dtype "
                    + code + ", so " + expected + " bytes, but its data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The tensors must tile the data section exactly: sorted by begin, each starts where the previous ended. */
    private static void checkLayout(Path file, List<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long position = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < position) {
                throw new SafeTensorsFormatException(file, "tensors \"" + previous.name + "\" [" + previous.begin
                        + ", " + previous.end + ") and \"" + e.name + "\" [" + e.begin + ", " + e.end
                        + ") overlap in the data");
            }
            if (e.begin > position) {
                throw new SafeTensorsFormatException(file, "bytes [" + position + ", " + e.begin + ") of the data"
                        + " belong to no tensor (a hole before \"" + e.name + "\")");
            }
            position = e.end;
            previous = e;
        }
        if (position > dataLength) {
            throw new SafeTensorsFormatException(file, "tensor \"" + previous.name + "\" ends at byte " + position
                    + " of the data, but the file holds only " + dataLength + " data bytes (truncated?)");
        }
        if (position < dataLength) {
            throw new SafeTensorsFormatException(file, "the file has " + (dataLength - position) + " bytes after"
                    + " the last tensor that belong to no tensor");
        }
    }

    private static Tensor readTensor(Path file, FileChannel in, long position, Entry e, Checksums.Declared checksums)
            throws IOException {
        int count = Shapes.numel(e.shape);
        ByteBuffer buf = readAt(in, position, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        if (checksums != null) {
            checksums.verifyTensor(file, e.name, buf);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = e.dtype == DType.FLOAT64 ? buf.getDouble() : buf.getFloat();
        }
        Tensor t = Tensor.of(e.shape, v);
        try (var g = Tensor.noGrad()) {
            return t.to(e.dtype);
        }
    }

    private static ByteBuffer readAt(FileChannel in, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int read = in.read(buf, position + buf.position());
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf.flip();
    }
}
