package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * dst = src elementwise on float32, both with any strides and offset (needle's {@code compact} and its inverse): the
 * layout kernel. Element number e (row-major over {@link #shape}) is split into one index per dim, and each side
 * turns the indices into its own offset, offset + sum of index times stride: the index-to-offset function at the
 * heart of every strided tensor library.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items (global size rounded
 * up, the extra items do nothing).
 */
public final class CopyFloatKernel extends Kernel {
    float[] src = new float[1];
    float[] dst = new float[1];
    /** The shape and both sides' strides (arrays of length max(rank, 1)). */
    int[] shape = new int[1];
    int[] srcStrides = new int[1];
    int[] dstStrides = new int[1];
    int rank;
    int srcOffset;
    int dstOffset;
    int n;

    @Override
    public void run() {
        int e = getGlobalId();
        if (e < n) {
            int rest = e;
            int from = srcOffset;
            int to = dstOffset;
            for (int d = rank - 1; d >= 0; d--) {
                int c = rest % shape[d];
                rest = rest / shape[d];
                from += c * srcStrides[d];
                to += c * dstStrides[d];
            }
            dst[to] = src[from];
        }
    }
}
