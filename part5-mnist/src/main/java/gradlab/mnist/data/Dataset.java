package gradlab.mnist.data;

/**
 * Images and labels in memory: {@code count} images of {@code rows x cols} pixels, normalised from bytes 0..255 to
 * floats in [0, 1] (x / 255, as torchvision's {@code ToTensor}), one image after the other, row-major, so image i
 * is {@code pixels[i*features .. (i+1)*features)}: one {@code System.arraycopy} copies it into a batch.
 *
 * <p>Kept as doubles because a tensor is made from a double array (part 2's {@code Tensor.on(..).of(shape,
 * values)}); the tensor then stores float32.
 */
public final class Dataset {
    private final double[] pixels;
    private final int[] labels;
    private final int rows;
    private final int cols;

    public Dataset(double[] pixels, int[] labels, int rows, int cols) {
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("Dataset: pixels and labels must not be null");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("Dataset: images of " + rows + "x" + cols + "; rows and cols must be"
                    + " >= 1 (28x28 for MNIST)");
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("Dataset: " + labels.length + " labels of " + rows + "x" + cols
                    + " images need " + ((long) labels.length * rows * cols) + " pixels, got " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /** Normalises IDX images (bytes 0..255 to [0, 1]) and pairs them with their labels; the counts must agree. */
    public static Dataset of(IdxReader.IdxImages images, int[] labels, String what) {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(what + ": " + images.count() + " images but " + labels.length
                    + " labels; the two files must be a pair (same split of the same dataset)");
        }
        byte[] src = images.pixels();
        double[] x = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            x[i] = (src[i] & 0xff) / 255.0;
        }
        return new Dataset(x, labels, images.rows(), images.cols());
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

    /** All pixels, image after image (shared, not copied: do not modify). */
    public double[] pixels() {
        return pixels;
    }

    public int label(int i) {
        return labels[i];
    }

    /** All labels (shared, not copied: do not modify). */
    public int[] labels() {
        return labels;
    }

    /** The first {@code n} examples (a view-like copy, for quick runs). */
    public Dataset head(int n) {
        int m = Math.min(n, size());
        double[] x = java.util.Arrays.copyOf(pixels, m * features());
        return new Dataset(x, java.util.Arrays.copyOf(labels, m), rows, cols);
    }
}
