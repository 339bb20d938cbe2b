package gradlab.tensor.device;

import gradlab.tensor.DType;

/**
 * The small set of primitive kernels every tensor computation goes through.
 *
 * <p>Ops and autograd never read or write a storage array themselves: they describe operands as {@link Strided}
 * views and call one of these kernels. A new backend (part 5's OpenCL device) implements this interface and every
 * op, forward and backward, runs on it unchanged.
 *
 * <p>Conventions shared by all kernels:
 * <ul>
 *   <li>Operands may have any strides (including 0 for broadcast dims) and any offset; outputs are written
 *       element by element at their own strides.</li>
 *   <li>Operands may have different dtypes; kernels convert on read and write (compute in float64, except matmul on
 *       float32 which computes in float32).</li>
 *   <li>Shapes are checked by the ops, which can give a message that names the op; kernels assume them valid.</li>
 * </ul>
 */
public interface Device {

    /** A short name, e.g. "cpu". */
    String name();

    /** A new zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /** A new storage holding {@code values} (converted to {@code dtype}). */
    Storage fromDoubles(DType dtype, double[] values);

    /** The elements of {@code src} in row-major order, as doubles. */
    double[] toDoubles(Strided src);

    /** dst = src, elementwise over one shape (converting dtype). */
    void copy(Strided src, Strided dst);

    /** dst = value everywhere. */
    void fill(Strided dst, double value);

    /** out = op(in) elementwise; {@code param} is the p of the parameterised ops (ignored by the others). */
    void unary(UnaryOp op, double param, Strided in, Strided out);

    /** out = op(a, b) elementwise; a, b and out have the same shape (broadcast with stride 0 beforehand). */
    void binary(BinaryOp op, Strided a, Strided b, Strided out);

    /** out = cond != 0 ? a : b elementwise; all four have the same shape. */
    void where(Strided cond, Strided a, Strided b, Strided out);

    /**
     * Reduces {@code in} into {@code out}: {@code out} has the same rank, and every dim where {@code out} has size 1
     * and {@code in} does not is reduced (keepdim layout).
     */
    void reduce(ReduceOp op, Strided in, Strided out);

    /**
     * Batched matrix product: a is [..., n, k], b is [..., k, m], out is [..., n, m], and all three share the same
     * batch dims (broadcast with stride 0 beforehand). Rank 2 is the plain matrix product. Any dim may be 0: for
     * k = 0 every element of out is an empty sum, 0 (as in PyTorch).
     */
    void matmul(Strided a, Strided b, Strided out);

    /** out[..., i, ...] = in[..., index[..., i, ...], ...] along {@code dim}; index and out share one shape. */
    void gather(Strided in, int dim, Strided index, Strided out);

    /** out[..., index[..., i, ...], ...] += src[..., i, ...] along {@code dim}; index and src share one shape. */
    void scatterAdd(Strided src, int dim, Strided index, Strided out);

    /** out = in with position {@code i} of {@code dim} taken from {@code index[i]} (index is 1-D). */
    void indexSelect(Strided in, int dim, Strided index, Strided out);
}
