package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * Log-softmax of a compact float32 tensor along one dim: out = x - m - log(sum exp(x - m)), m = max x, for every
 * line (see {@link gradlab.tensor.device.Device#logSoftmax}; an infinite m, like a NaN, makes its line NaN, as
 * PyTorch).
 *
 * <p>Work-group layout: the tensor is seen as [outer, size, inner] (dims before, at and after the softmax dim), so
 * element j of line (a, c) is at {@code (a * size + j) * inner + c}. One 1-D work group per line: the global size is
 * lines * g with g the group size (a power of two, at most {@link #GROUP}, chosen by {@link OpenClDevice} to fit
 * size: 16 for MNIST's 10 classes), and group number a * inner + c takes line (a, c). Work item l handles elements
 * l, l + g, l + 2g, ... of its line (so a size that is not a multiple of g is fine), and the group goes through it in
 * three phases, each ending in the group's local memory:
 * <ol>
 *   <li>max: each item's max into {@code partial[l]}, then a tree (s = g/2, ..., 1: item l &lt; s takes the max of
 *       {@code partial[l]} and {@code partial[l + s]}, a barrier between steps); every item reads m =
 *       {@code partial[0]}, and a barrier before the array is reused;</li>
 *   <li>sum: each item's sum of exp(x - m) into {@code partial[l]}, the same tree with +, then log of
 *       {@code partial[0]};</li>
 *   <li>write: each item writes x - m - log(sum) for its elements.</li>
 * </ol>
 * The input is read three times and the output written once, in one launch; composed from primitives
 * ({@code x - logSumExp(x)}) the same computation took ten launches, their intermediate tensors and the broadcast
 * copies.
 */
public final class LogSoftmaxFloatKernel extends Kernel {
    /** The largest group size (the local array's length), a power of two. */
    static final int GROUP = 128;

    float[] in = new float[1];
    float[] out = new float[1];
    /** Length of a line (the softmax dim's size) and distance between its elements. */
    int size;
    int inner;
    /** +infinity (passed in: a constant in kernel code is not portable through Aparapi). */
    float inf;

    /** One partial max, then one partial sum, per work item. */
    @Local
    final float[] partial = new float[GROUP];

    @Override
    public void run() {
        int line = getGroupId();
        int l = getLocalId();
        int g = getLocalSize();
        int first = (line / inner) * size * inner + line % inner;

        float m = -inf;
        for (int j = l; j < size; j += g) {
            float x = in[first + j * inner];
            m = m != m ? m : (x != x ? x : (x > m ? x : m));
        }
        partial[l] = m;
        localBarrier();
        for (int s = g / 2; s > 0; s = s / 2) {
            if (l < s) {
                float a = partial[l];
                float b = partial[l + s];
                partial[l] = a != a ? a : (b != b ? b : (b > a ? b : a));
            }
            localBarrier();
        }
        m = partial[0];
        localBarrier();
        float shift = m;

        float sum = 0.0f;
        for (int j = l; j < size; j += g) {
            sum += exp(in[first + j * inner] - shift);
        }
        partial[l] = sum;
        localBarrier();
        for (int s = g / 2; s > 0; s = s / 2) {
            if (l < s) {
                partial[l] = partial[l] + partial[l + s];
            }
            localBarrier();
        }
        float logSum = log(partial[0]);

        for (int j = l; j < size; j += g) {
            out[first + j * inner] = in[first + j * inner] - shift - logSum;
        }
    }
}
