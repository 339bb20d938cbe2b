package gradlab.tensor.device;

import gradlab.tensor.DType;

/**
 * The small set of primitive kernels every tensor computation goes through: the boundary between the engine and a
 * backend (CMU needle's {@code BackendDevice}, tinygrad's {@code ops_cpu}).
 *
 * <p>Ops and autograd never read or write a storage array themselves: they describe operands as {@link Strided}
 * views and call one of these kernels through {@link gradlab.tensor.Kernels}, the one bridge. A new backend (the
 * reference device, part 5's OpenCL device) implements this interface and every op, forward and backward, runs on it
 * unchanged.
 *
 * <p><b>The contract.</b>
 * <ul>
 *   <li><b>Layout kernels</b> ({@link #copy}, {@link #fill}) take any strides (including 0, for broadcast dims) and
 *       any offset, on both sides: they are how data gets into and out of a compact layout (needle's
 *       {@code compact}).</li>
 *   <li><b>Compute kernels</b> (everything else) take operands as the device declares with {@link #takesStrided}.
 *       A device that returns false gets every operand <em>compact</em>: row-major, offset 0, no stride 0, exactly
 *       the shape the kernel documents (broadcasting already materialised), and the same dtype as the output; the
 *       bridge makes the copies. A device that returns true (the CPU device) gets operands as they lie, with any
 *       strides, and possibly of mixed dtypes (it converts on read and write).</li>
 *   <li>Outputs of compute kernels are always fresh compact storage allocated by this device, except for in-place
 *       writes, which the bridge routes through a compact temporary for a device that does not take strides.</li>
 *   <li>All operands of one call are on this device; mixing devices is refused by the bridge before any kernel runs
 *       (the error names both devices and the fix, {@code .to(device)}).</li>
 *   <li>Shapes are checked by the ops, which can give a message that names the op; kernels assume them valid.
 *       Index operands (gather, scatterAdd, indexSelect) hold whole numbers within range, checked by the op.</li>
 *   <li>float64 computes in float64; float32 may compute in float32 (the CPU device does for matmul), so results
 *       agree with float64 to float32 precision.</li>
 * </ul>
 */
public interface Device {

    /** A short name, e.g. "cpu". */
    String name();

    /**
     * Whether compute kernels take operands with any strides and mixed dtypes (true), or want them compact and of
     * the output's dtype (false; the bridge copies). A simple device says false.
     */
    default boolean takesStrided() {
        return true;
    }

    /** Whether this device can store and compute {@code dtype} (an OpenCL device without fp64 says no to float64). */
    default boolean supports(DType dtype) {
        return true;
    }

    /** A new zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /** A new storage holding {@code values} (converted to {@code dtype}). */
    Storage fromDoubles(DType dtype, double[] values);

    /**
     * A new storage holding {@code values} (converted to {@code dtype}): how float32 data (a data loader's batch)
     * gets onto the device without a {@code double[]} copy in between. This default goes through
     * {@link #fromDoubles}; a device that stores float32 itself (the CPU device) copies the floats directly.
     */
    default Storage fromFloats(DType dtype, float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return fromDoubles(dtype, wide);
    }

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
