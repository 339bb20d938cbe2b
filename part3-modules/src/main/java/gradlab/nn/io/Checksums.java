package gradlab.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The integrity check of a safetensors file written by GradLab: CRC32C checksums (the JDK's {@link CRC32C}) kept in
 * the header's {@code "__metadata__"} as two string entries, so PyTorch and every safetensors reader still open the
 * file (they see two more metadata strings):
 * <pre>
 *   "gradlab.checksums":     {"algorithm": "CRC32C",
 *                             "tensors":  {"fc1.weight": "1a2b3c4d", ...},     the CRC of each tensor's data bytes
 *                             "metadata": {"epoch": "5e6f7a8b", ...}}          the CRC of each metadata value
 *   "gradlab.header_crc32c": "9c0d1e2f"      the CRC of the 8 length bytes and the header, taken with these 8 hex
 *                                            digits written as "00000000"
 * </pre>
 * A CRC32C detects every error confined to 32 consecutive bits, so every flipped byte anywhere in the file is found:
 * in a tensor's data (that tensor's CRC), in a metadata value (that entry's CRC), anywhere else in the header (the
 * header's CRC; a damaged name no longer has a CRC). The two entries are checked as a pair: a file with one but not
 * the other was damaged (a file with neither, e.g. one PyTorch wrote, loads unchecked).
 */
final class Checksums {
    /** The metadata key of the per-tensor and per-metadata-entry checksums. */
    static final String CHECKSUMS = "gradlab.checksums";
    /** The metadata key of the header's checksum. */
    static final String HEADER = "gradlab.header_crc32c";
    /** The value written for {@link #HEADER} while the header's checksum is computed. */
    static final String PLACEHOLDER = "00000000";
    static final Set<String> KEYS = Set.of(CHECKSUMS, HEADER);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checksums() {
    }

    /** CRC32C of {@code bytes}' remaining bytes (the buffer's position is left unchanged), as 8 hex digits. */
    static String of(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return hex(crc.getValue());
    }

    static String of(String text) {
        return of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex(long crc) {
        return HexFormat.of().toHexDigits((int) crc);
    }

    /** The {@link #CHECKSUMS} entry's value for these tensor bytes (by name) and metadata. */
    static String describe(Map<String, ByteBuffer> tensorBytes, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        root.put("algorithm", "CRC32C");
        ObjectNode tensors = root.putObject("tensors");
        tensorBytes.forEach((name, bytes) -> tensors.put(name, of(bytes)));
        ObjectNode meta = root.putObject("metadata");
        metadata.forEach((key, value) -> meta.put(key, of(value)));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checksums as JSON", e);
        }
    }

    /**
     * Writes the header's CRC over {@code lengthAndHeader} (8 length bytes then the header, whose {@link #HEADER}
     * value is the placeholder) into the header's placeholder.
     */
    static void sealHeader(byte[] lengthAndHeader) {
        int at = placeholderIndex(lengthAndHeader);
        if (at < 0 || !PLACEHOLDER.equals(new String(lengthAndHeader, at, 8, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("the header has no " + HEADER + " placeholder");
        }
        byte[] crc = of(ByteBuffer.wrap(lengthAndHeader)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, lengthAndHeader, at, 8);
    }

    /** Where the 8 hex digits of {@code "gradlab.header_crc32c":"........"} start, or -1. */
    private static int placeholderIndex(byte[] bytes) {
        byte[] key = ("\"" + HEADER + "\":\"").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length + 8 < bytes.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    /**
     * The checksums a file's metadata declares, after checking the header's own CRC and every metadata entry's;
     * {@code null} for a file without checksums (written by another program).
     *
     * @param lengthAndHeader the file's first 8 + N bytes, as read
     * @param metadata        every "__metadata__" entry, the two checksum entries included
     * @param tensorNames     the names of the tensors in the header
     */
    static Declared verifyHeader(Path file, byte[] lengthAndHeader, Map<String, String> metadata,
                                 Set<String> tensorNames) throws SafeTensorsFormatException {
        String declared = metadata.get(CHECKSUMS);
        String headerCrc = metadata.get(HEADER);
        if (declared == null && headerCrc == null) {
            return null;
        }
        if (declared == null || headerCrc == null) {
            throw corrupt(file, "its metadata has \"" + (declared == null ? HEADER : CHECKSUMS) + "\" but not \""
                    + (declared == null ? CHECKSUMS : HEADER) + "\"; GradLab writes both, so a byte of the header was"
                    + " changed (a damaged key)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(declared);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.path("tensors").isObject() || !root.path("metadata").isObject()
                || !"CRC32C".equals(root.path("algorithm").asText())) {
            throw corrupt(file, "its metadata entry \"" + CHECKSUMS + "\" is damaged: " + shorten(declared));
        }
        Map<String, String> userMetadata = new LinkedHashMap<>(metadata);
        userMetadata.keySet().removeAll(KEYS);
        JsonNode metaCrcs = root.get("metadata");
        for (Map.Entry<String, String> e : userMetadata.entrySet()) {
            JsonNode expected = metaCrcs.get(e.getKey());
            if (expected == null) {
                throw corrupt(file, "metadata entry \"" + e.getKey() + "\" has no checksum (the checksums list "
                        + fieldNames(metaCrcs) + "): its name was changed");
            }
            if (!expected.asText().equals(of(e.getValue()))) {
                throw corrupt(file, "metadata entry \"" + e.getKey() + "\" does not match its checksum (CRC32C "
                        + of(e.getValue()) + ", written as " + expected.asText() + "): its value "
                        + shorten(e.getValue()) + " was changed");
            }
        }
        for (var it = metaCrcs.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!userMetadata.containsKey(key)) {
                throw corrupt(file, "metadata entry \"" + key + "\" is missing (its name was changed)");
            }
        }
        JsonNode tensorCrcs = root.get("tensors");
        for (String name : tensorNames) {
            if (!tensorCrcs.has(name)) {
                throw corrupt(file, "tensor \"" + name + "\" has no checksum (the checksums list "
                        + fieldNames(tensorCrcs) + "): its name in the header was changed");
            }
        }
        for (var it = tensorCrcs.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!tensorNames.contains(name)) {
                throw corrupt(file, "tensor \"" + name + "\" is missing from the header (its name was changed)");
            }
        }
        int at = placeholderIndex(lengthAndHeader);
        String stored = at < 0 ? null : new String(lengthAndHeader, at, 8, StandardCharsets.US_ASCII);
        if (stored == null || !stored.equals(headerCrc)) {
            throw corrupt(file, "the header's checksum entry \"" + HEADER + "\" is not where GradLab writes it"
                    + " (was the file re-saved by another program that kept GradLab's metadata? then remove the"
                    + " gradlab.* metadata entries)");
        }
        byte[] sealed = lengthAndHeader.clone();
        System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, sealed, at, 8);
        String actual = of(ByteBuffer.wrap(sealed));
        if (!actual.equals(headerCrc)) {
            throw corrupt(file, "the header does not match its checksum (CRC32C " + actual + ", written as "
                    + headerCrc + "): a byte of the header length, the tensor table (dtypes, shapes, data_offsets),"
                    + " the padding or the checksums was changed");
        }
        Map<String, String> crcs = new LinkedHashMap<>();
        tensorCrcs.properties().forEach(e -> crcs.put(e.getKey(), e.getValue().asText()));
        return new Declared(crcs);
    }

    /** The data checksums of a file that passed {@link #verifyHeader}. */
    record Declared(Map<String, String> tensors) {
        /** Checks one tensor's data bytes (the buffer's remaining bytes) against its checksum. */
        void verifyTensor(Path file, String name, ByteBuffer data) throws SafeTensorsFormatException {
            String actual = of(data);
            if (!actual.equals(tensors.get(name))) {
                throw corrupt(file, "the data of tensor \"" + name + "\" does not match its checksum (CRC32C "
                        + actual + ", written as " + tensors.get(name) + "): its bytes were changed after it was"
                        + " saved");
            }
        }
    }

    private static SafeTensorsFormatException corrupt(Path file, String problem) {
        return SafeTensorsFormatException.corrupted(file, problem + "; restore it from a backup or save it again");
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder sb = new StringBuilder("[");
        node.fieldNames().forEachRemaining(n -> sb.append(sb.length() == 1 ? "" : ", ").append(n));
        return sb.append(']').toString();
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 77) + "...\"";
    }
}
