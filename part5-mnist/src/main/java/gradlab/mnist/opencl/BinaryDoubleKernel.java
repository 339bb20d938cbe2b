package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[i] = op(a[i], b[i]) on float64, for every {@link gradlab.tensor.device.BinaryOp}; comparisons give 1 or 0. The
 * operands come compact and already broadcast to one shape, so element i of each is simply index i.
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class BinaryDoubleKernel extends Kernel {
    double[] a = new double[1];
    double[] b = new double[1];
    double[] out = new double[1];
    int n;
    int op;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            double x = a[i];
            double y = b[i];
            double z = 0.0;
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
                z = x == y ? 1.0 : 0.0;
            } else if (op == OpCodes.GT) {
                z = x > y ? 1.0 : 0.0;
            } else if (op == OpCodes.LT) {
                z = x < y ? 1.0 : 0.0;
            } else if (op == OpCodes.GE) {
                z = x >= y ? 1.0 : 0.0;
            } else if (op == OpCodes.LE) {
                z = x <= y ? 1.0 : 0.0;
            }
            out[i] = z;
        }
    }

    /** Java's Math.max: NaN if either is NaN, and +0 above -0 (OpenCL's fmax ignores NaN). */
    private double maxNan(double x, double y) {
        double r = x > y ? x : y;
        if (x != x || y != y) {
            r = x + y;
        } else if (x == y) {
            r = x == 0 ? x + y : x; // (+0) + (-0) = +0
        }
        return r;
    }

    /** Java's Math.min: NaN if either is NaN, and -0 below +0. */
    private double minNan(double x, double y) {
        double r = x < y ? x : y;
        if (x != x || y != y) {
            r = x + y;
        } else if (x == y) {
            r = x == 0 ? -(-x - y) : x; // -(-(+0) - (-0)) = -0
        }
        return r;
    }
}
