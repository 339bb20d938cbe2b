package gradlab.mnist.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST come in (LeCun's format), raw or gzip-compressed.
 *
 * <pre>
 *   bytes 0-1   0x00 0x00
 *   byte  2     element type: 0x08 = unsigned byte (the only one MNIST uses)
 *   byte  3     number of dimensions n (1 for labels, 3 for images)
 *   then n      big-endian 32-bit sizes: [count] for labels, [count, rows, cols] for images
 *   then        count * rows * cols bytes, row-major
 * </pre>
 *
 * A file starting with gzip's magic bytes 0x1f 0x8b is decompressed first, whatever its name. Every check names the
 * file and what is wrong: the magic number, the number of dimensions, the sizes, the length of the data (a truncated
 * download), a label outside [0, classes).
 */
public final class IdxReader {
    /** Element type 0x08: unsigned byte. */
    static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Images: an IDX file of dimension 3, [count, rows, cols]. */
    public static IdxImages readImages(Path file) throws IOException {
        requireFile(file, "readImages");
        return readImages(file.toString(), open(file));
    }

    /** Images from a stream (e.g. a class-path resource) named {@code file} in error messages; closes it. */
    public static IdxImages readImages(String file, InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("IdxReader.readImages(" + file + "): the stream is null (a missing"
                    + " class-path resource?)");
        }
        byte[] bytes = readAll(file, in);
        int[] dims = header(file, bytes, 3, "images [count, rows, cols]");
        long expected = 16L + (long) dims[0] * dims[1] * dims[2];
        checkLength(file, bytes, expected, dims[0] + " images of " + dims[1] + "x" + dims[2]);
        byte[] pixels = new byte[dims[0] * dims[1] * dims[2]];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new IdxImages(pixels, dims[0], dims[1], dims[2]);
    }

    /** Labels: an IDX file of dimension 1, [count]; each label must be in [0, classes). */
    public static int[] readLabels(Path file, int classes) throws IOException {
        requireFile(file, "readLabels");
        return readLabels(file.toString(), open(file), classes);
    }

    /** Labels from a stream named {@code file} in error messages; closes it. */
    public static int[] readLabels(String file, InputStream in, int classes) throws IOException {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("IdxReader.readLabels(" + file + "): classes = " + classes + "; an"
                    + " IDX label is one unsigned byte, so pass the dataset's class count in [1, 256] (10 for MNIST)");
        }
        if (in == null) {
            throw new IllegalArgumentException("IdxReader.readLabels(" + file + "): the stream is null (a missing"
                    + " class-path resource?)");
        }
        byte[] bytes = readAll(file, in);
        int[] dims = header(file, bytes, 1, "labels [count]");
        checkLength(file, bytes, 8L + dims[0], dims[0] + " labels");
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = bytes[8 + i] & 0xff;
            if (labels[i] >= classes) {
                throw new IdxFormatException(file, "label " + i + " is " + labels[i] + ", outside [0, " + classes
                        + ")", "This is not a labels file of a " + classes + "-class dataset; check the file name");
            }
        }
        return labels;
    }

    private static void requireFile(Path file, String method) {
        if (file == null) {
            throw new IllegalArgumentException("IdxReader." + method + "(file): file is null; pass the path of an IDX"
                    + " file, e.g. Path.of(\"train-images-idx3-ubyte.gz\")");
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file.toString(), "no such file", "Name a folder holding the four IDX"
                    + " files (train-images-idx3-ubyte.gz, ...) with --data-dir");
        }
        return Files.newInputStream(file);
    }

    /** The stream's bytes, gunzipped if they start with gzip's magic number. */
    static byte[] readAll(String file, InputStream in) throws IOException {
        try (InputStream raw = new BufferedInputStream(in)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
                    return readFully(gz);
                } catch (EOFException | ZipException e) {
                    throw new IdxFormatException(file, "the gzip data is truncated or corrupt (" + e.getMessage()
                            + ")", "Download the file again (a partial download is the usual cause)");
                }
            }
            return readFully(raw);
        }
    }

    private static byte[] readFully(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Checks the magic number and returns the sizes. */
    private static int[] header(String file, byte[] bytes, int dims, String what) throws IOException {
        String fix = "Expected an IDX file of " + what + ": magic 0x0000080" + dims + ", then " + dims
                + " big-endian sizes";
        if (bytes.length < 4 + 4 * dims) {
            throw new IdxFormatException(file, "only " + bytes.length + " bytes, shorter than an IDX header", fix);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian, as IDX
        int magic = b.getInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UBYTE || (magic & 0xff) != dims) {
            throw new IdxFormatException(file, String.format("magic number 0x%08x is not 0x%08x", magic,
                    (UBYTE << 8) | dims), fix + (magic == 0x00000803 || magic == 0x00000801
                    ? " (is this the other file of the pair, images for labels?)" : ""));
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = b.getInt();
            if (sizes[d] < 0 || (d > 0 && sizes[d] == 0)) {
                throw new IdxFormatException(file, "dimension " + d + " has size " + sizes[d], fix);
            }
        }
        if ((long) sizes[0] * (dims == 3 ? (long) sizes[1] * sizes[2] : 1) > Integer.MAX_VALUE - 16) {
            throw new IdxFormatException(file, "the sizes " + java.util.Arrays.toString(sizes)
                    + " are too large to hold in memory", fix);
        }
        return sizes;
    }

    private static void checkLength(String file, byte[] bytes, long expected, String what) throws IOException {
        if (bytes.length < expected) {
            throw new IdxFormatException(file, "truncated: the header announces " + what + " (" + expected
                    + " bytes) but the file holds " + bytes.length + " bytes", "Download the file again");
        }
        if (bytes.length > expected) {
            throw new IdxFormatException(file, (bytes.length - expected) + " bytes after the " + what
                    + " the header announces", "The file is corrupt or not an IDX file; download it again");
        }
    }

    /** Images as read: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
    public record IdxImages(byte[] pixels, int count, int rows, int cols) {
    }
}
