package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[i] = op(a[i], b[i]) on float32, for every {@link gradlab.tensor.device.BinaryOp}; comparisons give 1 or 0. The
 * operands come compact and already broadcast to one shape, so element i of each is simply index i.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class BinaryFloatKernel extends Kernel {
    float[] a = new float[1];
    float[] b = new float[1];
    float[] out = new float[1];
    int n;
    int op;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            float x = a[i];
            float y = b[i];
            float z = 0.0f;
            if (op == OpCodes.ADD) {
                z = x + y;
            } else if (op == OpCodes.SUB) {
                z = x - y;
            } else if (op == OpCodes.MUL) {
                z = x * y;
            } else if (op == OpCodes.DIV) {
                z = x / y;
            } else if (op == OpCodes.POW) {
                z = pow(x, y);
            } else if (op == OpCodes.MAXIMUM) {
                z = maxNan(x, y);
            } else if (op == OpCodes.MINIMUM) {
                z = minNan(x, y);
            } else if (op == OpCodes.EQ) {
                z = x == y ? 1.0f : 0.0f;
            } else if (op == OpCodes.GT) {
                z = x > y ? 1.0f : 0.0f;
            } else if (op == OpCodes.LT) {
                z = x < y ? 1.0f : 0.0f;
            } else if (op == OpCodes.GE) {
                z = x >= y ? 1.0f : 0.0f;
            } else if (op == OpCodes.LE) {
                z = x <= y ? 1.0f : 0.0f;
            }
            out[i] = z;
        }
    }

    /** Java's Math.max: NaN if either is NaN, and +0 above -0 (OpenCL's fmax ignores NaN). */
    private float maxNan(float x, float y) {
        float r = x > y ? x : y;
        if (x != x || y != y) {
            r = x + y;
        } else if (x == y) {
            r = x == 0 ? x + y : x; // (+0) + (-0) = +0
        }
        return r;
    }

    /** Java's Math.min: NaN if either is NaN, and -0 below +0. */
    private float minNan(float x, float y) {
        float r = x < y ? x : y;
        if (x != x || y != y) {
            r = x + y;
        } else if (x == y) {
            r = x == 0 ? -(-x - y) : x; // -(-(+0) - (-0)) = -0
        }
        return r;
    }
}
