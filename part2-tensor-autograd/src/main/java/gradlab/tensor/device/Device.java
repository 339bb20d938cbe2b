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

    /**
     * A storage for the float32 {@code values} that uses the array itself where this device can (as
     * {@code torch.as_tensor} shares a NumPy array's memory), so a batch of a million floats is not copied; else
     * {@link #fromFloats}'s copy. The CPU device shares an array for float32; this default copies.
     */
    default Storage asStorage(DType dtype, float[] values) {
        return fromFloats(dtype, values);
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
     * k = 0 every element of out is an empty sum, 0 (as in PyTorch). out must not overlap a or b (the bridge always
     * gives a fresh out): the CPU device writes C's rows while it still reads A in place.
     */
    void matmul(Strided a, Strided b, Strided out);

    /** out[..., i, ...] = in[..., index[..., i, ...], ...] along {@code dim}; index and out share one shape. */
    void gather(Strided in, int dim, Strided index, Strided out);

    /** out[..., index[..., i, ...], ...] += src[..., i, ...] along {@code dim}; index and src share one shape. */
    void scatterAdd(Strided src, int dim, Strided index, Strided out);

    /** out = in with position {@code i} of {@code dim} taken from {@code index[i]} (index is 1-D). */
    void indexSelect(Strided in, int dim, Strided index, Strided out);

    // ---------------------------------------------------------------------------------------- fused kernels
    // log-softmax and dropout: one call each instead of a chain of primitives (fewer launches and passes on a device).
    // Their operands are always compact (row-major, offset 0) and of the output's dtype, whatever takesStrided says:
    // the bridge (Kernels.logSoftmax, Kernels.dropout) makes the copies.

    /**
     * Log-softmax along {@code dim}: for every line of {@code in} along dim (all other indices fixed),
     * <pre>
     *   out_i = x_i - m - log(sum_j exp(x_j - m)),   m = max_j x_j
     * </pre>
     * Subtracting the max first means exp never overflows and at least one term of the sum is exp(0) = 1, so the log
     * is finite. If m is infinite (a line of all -inf, or one holding +inf), x - m is NaN somewhere and so is the
     * sum: the whole line is NaN, as PyTorch's log_softmax gives. A NaN anywhere in a line makes the whole line NaN.
     * {@code in} and {@code out} are compact, of one shape and dtype, rank at least 1; dim is in [0, rank).
     */
    void logSoftmax(Strided in, int dim, Strided out);

    /**
     * The gradient of {@link #logSoftmax}: for the upstream gradient g and the forward's output y, for every line
     * along {@code dim},
     * <pre>
     *   gradIn_i = g_i - exp(y_i) * sum_j g_j
     * </pre>
     * (softmax = exp(y), so this is g - softmax * sum(g)). All four compact, of one shape and dtype.
     */
    void logSoftmaxBackward(Strided grad, Strided out, int dim, Strided gradIn);

    /**
     * Inverted dropout with the random numbers given: for every element,
     * <pre>
     *   mask_i = u_i &gt;= p ? 1 / (1 - p) : 0,      out_i = x_i * mask_i
     * </pre>
     * so an element is kept with probability 1 - p when {@code u} holds uniform draws from [0, 1), and backward is
     * {@code grad * mask}. The comparison and the scale are in the operands' dtype (p and 1/(1 - p) rounded to float
     * for float32), so every device gives the same mask for the same u. x_i * 0 keeps NaN and infinities as NaN, as
     * PyTorch's multiply does. {@code in}, {@code uniform}, {@code out} and {@code mask} are compact, of one shape and
     * dtype; 0 &lt;= p &lt; 1.
     */
    void dropout(Strided in, Strided uniform, double p, Strided out, Strided mask);

    // ---------------------------------------------------------------------------------------- optimizer updates
    // Fused, in place: one pass over the elements updates the parameter and its state buffers, with no temporaries.
    // Every operand is compact (row-major, offset 0, exactly param's shape) and of param's dtype, whatever
    // takesStrided() says; each written operand has a storage of its own, and grad's storage is none of them (the
    // bridge, gradlab.tensor.OptimizerKernels, copies where needed). The result must equal the op-by-op formula in the
    // record's Javadoc, each intermediate rounded to the dtype, so float32 stays float32 (the reference device is the
    // baseline). Optional buffers are null when the options do not use them.

    /**
     * One SGD step (see {@link SgdStep} for the math): w -= lr * g, with weight decay, momentum (buffer v updated in
     * place, or set to g on the first step), dampening and Nesterov.
     *
     * @param momentumBuffer v; null exactly when {@code step.momentum() == 0}
     */
    void sgdStep(SgdStep step, Strided param, Strided grad, Strided momentumBuffer);

    /**
     * One Adam or AdamW step (see {@link AdamStep}): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), all three updated in place.
     *
     * @param maxExpAvgSq vmax; null exactly when {@code step.amsgrad()} is false
     */
    void adamStep(AdamStep step, Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq);

    /**
     * One RMSprop step (see {@link RmspropStep}): s = alpha s + (1-alpha) g^2; w -= lr g / (sqrt(s) + eps), centered
     * and with momentum as options.
     *
     * @param gradAvg        a; null exactly when {@code step.centered()} is false
     * @param momentumBuffer b; null exactly when {@code step.momentum() <= 0}
     */
    void rmspropStep(RmspropStep step, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer);

    /** One Adagrad step (see {@link AdagradStep}): s += g^2; w -= clr g / (sqrt(s) + eps). */
    void adagradStep(AdagradStep step, Strided param, Strided grad, Strided sum);
}
