package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[..., i, ...] = in[..., index[...], ...] along {@link #dim} on float32: gather and indexSelect in one kernel.
 * They differ only in where the index of output element o is: gather's index has out's shape (its strides are
 * out's row-major strides), indexSelect's is 1-D along dim (stride 1 there and 0 elsewhere). Indices were checked on
 * the host; a negative one counts from the end.
 *
 * <p>Work-group layout: one work item per output element, 1-D groups of {@link OpenClDevice#GROUP} items (global size
 * rounded up, the extra items do nothing).
 */
public final class GatherFloatKernel extends Kernel {
    float[] in = new float[1];
    float[] index = new float[1];
    float[] out = new float[1];
    /** out's shape, in's row-major strides, the index's strides per out dim (arrays of length max(rank, 1)). */
    int[] outShape = new int[1];
    int[] inStrides = new int[1];
    int[] indexStrides = new int[1];
    int rank;
    int dim;
    /** in's size along dim. */
    int size;
    int n;

    @Override
    public void run() {
        int o = getGlobalId();
        if (o < n) {
            int rest = o;
            int from = 0;
            int at = 0;
            for (int d = rank - 1; d >= 0; d--) {
                int c = rest % outShape[d];
                rest = rest / outShape[d];
                at += c * indexStrides[d];
                if (d != dim) {
                    from += c * inStrides[d];
                }
            }
            int i = (int) index[at];
            if (i < 0) {
                i += size;
            }
            out[o] = in[from + i * inStrides[dim]];
        }
    }
}
