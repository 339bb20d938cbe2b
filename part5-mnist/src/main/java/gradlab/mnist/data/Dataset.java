package gradlab.mnist.data;

/**
 * Images and labels in memory: {@code count} images of {@code rows x cols} pixels, normalised from bytes 0..255 to
 * numbers in [0, 1] (x / 255, as torchvision's {@code ToTensor}), one image after the other, row-major, so image i
 * is one run of {@link #features()} values: {@link #copyImage} copies it into a batch in one pass.
 *
 * <p><b>Memory.</b> Images read from IDX files stay as their bytes (60,000 MNIST images: 47 MB) and are scaled on
 * the way into a batch, to float32 ({@code (float) (b / 255.0)}) or float64 ({@code b / 255.0}): the same values as
 * scaling all of them up front, without a {@code double[]} of 376 MB (or a {@code float[]} of 188 MB) held for the
 * whole run. A dataset built from numbers ({@link #Dataset(double[], int[], int, int)}) keeps them as given.
 */
public final class Dataset {
    /** b / 255 for every byte value b, in float64 (float32 batches go through {@link PixelScaling}). */
    private static final double[] DOUBLE_OF_BYTE = new double[256];

    static {
        for (int b = 0; b < 256; b++) {
            DOUBLE_OF_BYTE[b] = b / 255.0;
        }
    }

    private final byte[] bytes;      // IDX images (scaled on read), or null
    private final double[] values;   // numbers given as they are, or null
    private final int[] labels;
    private final int rows;
    private final int cols;

    /** A dataset of the given pixel values (image after image, row-major), kept as given (not scaled). */
    public Dataset(double[] pixels, int[] labels, int rows, int cols) {
        this(null, pixels, labels, rows, cols);
    }

    private Dataset(byte[] bytes, double[] values, int[] labels, int rows, int cols) {
        if ((bytes == null && values == null) || labels == null) {
            throw new IllegalArgumentException("Dataset: pixels and labels must not be null");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("Dataset: images of " + rows + "x" + cols + "; rows and cols must be"
                    + " >= 1 (28x28 for MNIST)");
        }
        long pixels = bytes != null ? bytes.length : values.length;
        if ((long) labels.length * rows * cols != pixels) {
            throw new IllegalArgumentException("Dataset: " + labels.length + " labels of " + rows + "x" + cols
                    + " images need " + ((long) labels.length * rows * cols) + " pixels, got " + pixels);
        }
        this.bytes = bytes;
        this.values = values;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /** IDX images (bytes 0..255, scaled to [0, 1] when read) paired with their labels; the counts must agree. */
    public static Dataset of(IdxReader.IdxImages images, int[] labels, String what) {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(what + ": " + images.count() + " images but " + labels.length
                    + " labels; the two files must be a pair (same split of the same dataset)");
        }
        return new Dataset(images.pixels(), null, labels, images.rows(), images.cols());
    }

    public int size() {
        return labels.length;
    }

    /** Pixels per image (784 for MNIST). */
    public int features() {
        return rows * cols;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Pixel {@code j} (row-major within the image) of image {@code image}, in [0, 1] for IDX images. */
    public double pixel(int image, int j) {
        int at = image * features() + j;
        return bytes != null ? DOUBLE_OF_BYTE[bytes[at] & 0xff] : values[at];
    }

    /** Copies image {@code image}'s {@link #features()} pixels into {@code dst[dstPos..]} as float32. */
    public void copyImage(int image, float[] dst, int dstPos) {
        int f = features();
        int from = image * f;
        if (bytes != null) {
            PixelScaling.toFloats(bytes, from, dst, dstPos, f);
        } else {
            for (int j = 0; j < f; j++) {
                dst[dstPos + j] = (float) values[from + j];
            }
        }
    }

    /** Copies image {@code image}'s {@link #features()} pixels into {@code dst[dstPos..]} as float64. */
    public void copyImage(int image, double[] dst, int dstPos) {
        int f = features();
        int from = image * f;
        if (bytes != null) {
            for (int j = 0; j < f; j++) {
                dst[dstPos + j] = DOUBLE_OF_BYTE[bytes[from + j] & 0xff];
            }
        } else {
            System.arraycopy(values, from, dst, dstPos, f);
        }
    }

    public int label(int i) {
        return labels[i];
    }

    /** All labels (shared, not copied: do not modify). */
    public int[] labels() {
        return labels;
    }

    /** The first {@code n} examples (a copy, for quick runs). */
    public Dataset head(int n) {
        int m = Math.min(n, size());
        int[] y = java.util.Arrays.copyOf(labels, m);
        return bytes != null ? new Dataset(java.util.Arrays.copyOf(bytes, m * features()), null, y, rows, cols)
                : new Dataset(java.util.Arrays.copyOf(values, m * features()), y, rows, cols);
    }
}
