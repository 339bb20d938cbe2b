package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * out[i] = op(in[i]) on float32, for every {@link gradlab.tensor.device.UnaryOp} (the op is the code {@link #op}, the
 * parameter of the parameterised ops is {@link #p}).
 *
 * <p>Work-group layout: one work item per element, 1-D groups of {@link OpenClDevice#GROUP} items; the global size is
 * n rounded up to a whole number of groups, and the work items past n do nothing.
 */
public final class UnaryFloatKernel extends Kernel {
    float[] in = new float[1];
    float[] out = new float[1];
    int n;
    int op;
    float p;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            out[i] = apply(in[i]);
        }
    }

    private float apply(float x) {
        float y = x;
        if (op == OpCodes.NEG) {
            y = -x;
        } else if (op == OpCodes.EXP) {
            y = exp(x);
        } else if (op == OpCodes.LOG) {
            y = log(x);
        } else if (op == OpCodes.SQRT) {
            y = sqrt(x);
        } else if (op == OpCodes.ABS) {
            y = abs(x);
        } else if (op == OpCodes.SIGN) {
            y = x > 0 ? 1.0f : (x < 0 ? -1.0f : x); // keeps 0, -0 and NaN, as Math.signum
        } else if (op == OpCodes.TANH) {
            y = tanh(x);
        } else if (op == OpCodes.ERF) {
            y = erf(x);
        } else if (op == OpCodes.SIGMOID) {
            y = x >= 0 ? 1.0f / (1.0f + exp(-x)) : exp(x) / (1.0f + exp(x)); // never exp of a large positive
        } else if (op == OpCodes.RELU) {
            y = x > 0 || x != x ? x : 0.0f; // NaN stays NaN
        } else if (op == OpCodes.LEAKY_RELU) {
            y = x > 0 ? x : p * x;
        } else if (op == OpCodes.CLAMP_MIN) {
            y = maxNan(x, p);
        } else if (op == OpCodes.CLAMP_MAX) {
            y = minNan(x, p);
        } else if (op == OpCodes.POW_SCALAR) {
            y = pow(x, p);
        } else if (op == OpCodes.ADD_SCALAR) {
            y = x + p;
        } else if (op == OpCodes.MUL_SCALAR) {
            y = x * p;
        }
        return y;
    }

    /**
     * erf x = 2/sqrt(pi) e^(-x^2) sum_k (2x^2)^k x / (1*3*...*(2k+1)) (Abramowitz and Stegun 7.1.6): every term is
     * positive, so the sum loses no digits; beyond |x| = 4, erf x rounds to +-1 in float32.
     */
    private float erf(float x) {
        float ax = abs(x);
        float y = 1.0f;
        if (ax < 4.0f) {
            float x2 = ax * ax;
            float term = ax;
            float sum = ax;
            for (int k = 1; k < 100 && term > sum * 1.0e-8f; k++) {
                term = term * 2.0f * x2 / (2 * k + 1);
                sum = sum + term;
            }
            y = 1.1283791670955126f * exp(-x2) * sum;
        }
        if (x != x) {
            y = x;
        } else if (x < 0) {
            y = -y;
        }
        return y;
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
