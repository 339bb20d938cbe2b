package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * The gradient of log-softmax on float32: out = grad - exp(y) * S, S = sum of grad along the line, for every line
 * along the softmax dim (y is the forward's output; see {@link gradlab.tensor.device.Device#logSoftmaxBackward}).
 *
 * <p>Work-group layout: as {@link LogSoftmaxFloatKernel}. The tensor is seen as [outer, size, inner], one 1-D work
 * group per line (group a * inner + c takes line (a, c), whose element j is at {@code (a * size + j) * inner + c}),
 * g items per group (a power of two covering the line, at most {@link #GROUP}). Item l handles elements l, l + g, ...
 * Two phases: each item's sum of grad into {@code partial[l]} and a tree of halvings in local memory (barrier
 * between levels) to S = {@code partial[0]}; then each item writes grad - exp(y) * S for its elements.
 */
public final class LogSoftmaxBackwardFloatKernel extends Kernel {
    /** The largest group size (the local array's length), a power of two. */
    static final int GROUP = 128;

    float[] grad = new float[1];
    float[] y = new float[1];
    float[] out = new float[1];
    /** Length of a line (the softmax dim's size) and distance between its elements. */
    int size;
    int inner;

    /** One partial sum per work item. */
    @Local
    final float[] partial = new float[GROUP];

    @Override
    public void run() {
        int line = getGroupId();
        int l = getLocalId();
        int g = getLocalSize();
        int first = (line / inner) * size * inner + line % inner;

        float sum = 0.0f;
        for (int j = l; j < size; j += g) {
            sum += grad[first + j * inner];
        }
        partial[l] = sum;
        localBarrier();
        for (int s = g / 2; s > 0; s = s / 2) {
            if (l < s) {
                partial[l] = partial[l] + partial[l + s];
            }
            localBarrier();
        }
        float total = partial[0];

        for (int j = l; j < size; j += g) {
            int at = first + j * inner;
            out[at] = grad[at] - exp(y[at]) * total;
        }
    }
}
