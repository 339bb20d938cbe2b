package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * dst = value at every element of a strided float32 view (the elements of the storage outside the view keep their
 * values).
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items (global size rounded
 * up, the extra items do nothing).
 */
public final class FillFloatKernel extends Kernel {
    float[] dst = new float[1];
    int[] shape = new int[1];
    int[] strides = new int[1];
    int rank;
    int offset;
    int n;
    float value;

    @Override
    public void run() {
        int e = getGlobalId();
        if (e < n) {
            int rest = e;
            int to = offset;
            for (int d = rank - 1; d >= 0; d--) {
                to += (rest % shape[d]) * strides[d];
                rest = rest / shape[d];
            }
            dst[to] = value;
        }
    }
}
