package gradlab.tensor.device;

/**
 * What a kernel sees of a tensor: its storage and how to walk it. Element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. A stride of 0 repeats an element (that is how broadcasting
 * reaches the kernels).
 *
 * <p>Kernels never see autograd: this record is all they get.
 */
public record Strided(Storage storage, int[] shape, int[] strides, int offset) {

    /** Number of elements (1 for a scalar). */
    public int numel() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public int rank() {
        return shape.length;
    }
}
