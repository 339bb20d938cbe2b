package gradlab.tensor;

/**
 * The element type of a tensor.
 *
 * <p>{@link #FLOAT64} is the default (and what the gradient checker uses); {@link #FLOAT32} halves memory and is
 * what training runs in. Convert explicitly with {@link Tensor#to(DType)}. A binary op on mixed dtypes computes in
 * the wider one, as PyTorch does: float32 op float64 gives float64.
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype a binary op on {@code a} and {@code b} computes in: the wider of the two. */
    public static DType promote(DType a, DType b) {
        return a.bytes >= b.bytes ? a : b;
    }

    @Override
    public String toString() {
        return label;
    }
}
