package gradlab.tensor.device;

/**
 * float32 elementwise kernels that read and write {@code float[]} directly, for the ops a training step runs most
 * (add, sub, mul, div with broadcasting, max/min, the comparisons behind relu's backward, relu, neg, exp, log and the
 * scalar ops), so float32 data is not copied into {@code double[]} row buffers and back.
 *
 * <p>They give exactly what {@link CpuDevice}'s buffered path gives: float +, -, *, / are correctly rounded, which
 * equals computing in double and rounding to float once (double has more than 2 x 24 + 2 bits); exp, log and the
 * scalar ops (whose parameter is a double) compute in double per element and round once, as before.
 *
 * <p>Each method returns false for an op it does not cover; the caller then takes the general path.
 */
final class FloatKernels {
    private FloatKernels() {
    }

    /**
     * Whether writing {@code out} element by element cannot change an input before it is read: each input is in
     * another storage, or is exactly the view written (an in-place op such as {@code x.add_(y)}).
     */
    static boolean safeToWrite(Strided out, Strided... inputs) {
        for (Strided in : inputs) {
            if (in.storage() == out.storage() && !(in.offset() == out.offset()
                    && java.util.Arrays.equals(in.strides(), out.strides()))) {
                return false;
            }
        }
        return true;
    }

    /** out = op(in) elementwise; false if {@code op} is not covered here. */
    static boolean unary(UnaryOp op, double p, float[] x, Strided in, float[] y, Strided out) {
        switch (op) {
            case NEG, EXP, LOG, RELU, ADD_SCALAR, MUL_SCALAR -> { }
            default -> {
                return false;
            }
        }
        RowLoop.forEachRow(out.shape(), new Strided[] {in, out}, (off, n, st) -> {
            int i0 = off[0];
            int o0 = off[1];
            int si = st[0];
            int so = st[1];
            if (si == 1 && so == 1 && unaryContiguous(op, p, x, i0, y, o0, n)) {
                return;
            }
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++) y[o0 + i * so] = -x[i0 + i * si]; }
                case EXP -> { for (int i = 0; i < n; i++) y[o0 + i * so] = (float) Math.exp(x[i0 + i * si]); }
                case LOG -> { for (int i = 0; i < n; i++) y[o0 + i * so] = (float) Math.log(x[i0 + i * si]); }
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        float v = x[i0 + i * si];
                        y[o0 + i * so] = v > 0 || Float.isNaN(v) ? v : 0f;
                    }
                }
                case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[o0 + i * so] = (float) (x[i0 + i * si] + p); }
                case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[o0 + i * so] = (float) (x[i0 + i * si] * p); }
                default -> throw new AssertionError(op);
            }
        });
        return true;
    }

    /**
     * A contiguous row of a unary op: plain indexed loops, one per op, that the JIT compiler turns into SIMD
     * instructions (the strided loops above it cannot). False for an op without such a loop.
     */
    private static boolean unaryContiguous(UnaryOp op, double p, float[] x, int i0, float[] y, int o0, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[o0 + i] = -x[i0 + i]; }
            case RELU -> {
                // max(v, +0) is relu exactly: NaN passes through (as in PyTorch), -0 and negatives give +0; and
                // Math.max compiles to a SIMD max where a branch would not
                for (int i = 0; i < n; i++) y[o0 + i] = Math.max(x[i0 + i], 0f);
            }
            case MUL_SCALAR -> {
                float f = (float) p;
                if (f != p) {
                    return false;   // a scale that is not a float32: keep the double arithmetic
                }
                for (int i = 0; i < n; i++) y[o0 + i] = x[i0 + i] * f;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** out = op(a, b) elementwise (a and b broadcast by strides, possibly 0); false if {@code op} is not covered. */
    static boolean binary(BinaryOp op, float[] x, Strided a, float[] y, Strided b, float[] z, Strided out) {
        if (op == BinaryOp.POW) {
            return false;
        }
        RowLoop.forEachRow(out.shape(), new Strided[] {a, b, out}, (off, n, st) -> {
            int a0 = off[0];
            int b0 = off[1];
            int o0 = off[2];
            int sa = st[0];
            int sb = st[1];
            int so = st[2];
            if (so == 1 && sa == 1 && sb == 1) {
                binaryContiguous(op, x, a0, y, b0, z, o0, n);
                return;
            }
            if (so == 1 && sa == 1 && sb == 0 && binaryScalarRight(op, x, a0, y[b0], z, o0, n)) {
                return;
            }
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[o0 + i * so] = x[a0 + i * sa] + y[b0 + i * sb]; }
                case SUB -> { for (int i = 0; i < n; i++) z[o0 + i * so] = x[a0 + i * sa] - y[b0 + i * sb]; }
                case MUL -> { for (int i = 0; i < n; i++) z[o0 + i * so] = x[a0 + i * sa] * y[b0 + i * sb]; }
                case DIV -> { for (int i = 0; i < n; i++) z[o0 + i * so] = x[a0 + i * sa] / y[b0 + i * sb]; }
                case MAXIMUM -> { for (int i = 0; i < n; i++) z[o0 + i * so] = Math.max(x[a0 + i * sa], y[b0 + i * sb]); }
                case MINIMUM -> { for (int i = 0; i < n; i++) z[o0 + i * so] = Math.min(x[a0 + i * sa], y[b0 + i * sb]); }
                case EQ -> { for (int i = 0; i < n; i++) z[o0 + i * so] = BranchFree.mask(x[a0 + i * sa] == y[b0 + i * sb]); }
                case GT -> { for (int i = 0; i < n; i++) z[o0 + i * so] = BranchFree.mask(x[a0 + i * sa] > y[b0 + i * sb]); }
                case LT -> { for (int i = 0; i < n; i++) z[o0 + i * so] = BranchFree.mask(x[a0 + i * sa] < y[b0 + i * sb]); }
                case GE -> { for (int i = 0; i < n; i++) z[o0 + i * so] = BranchFree.mask(x[a0 + i * sa] >= y[b0 + i * sb]); }
                case LE -> { for (int i = 0; i < n; i++) z[o0 + i * so] = BranchFree.mask(x[a0 + i * sa] <= y[b0 + i * sb]); }
                default -> throw new AssertionError(op);
            }
        });
        return true;
    }

    /** A row where a, b and out are all contiguous: the loops the JIT compiler vectorises. */
    private static void binaryContiguous(BinaryOp op, float[] x, int a0, float[] y, int b0, float[] z, int o0, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] + y[b0 + i]; }
            case SUB -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] - y[b0 + i]; }
            case MUL -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] * y[b0 + i]; }
            case DIV -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] / y[b0 + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) z[o0 + i] = Math.max(x[a0 + i], y[b0 + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) z[o0 + i] = Math.min(x[a0 + i], y[b0 + i]); }
            case EQ -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] == y[b0 + i]); }
            case GT -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] > y[b0 + i]); }
            case LT -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] < y[b0 + i]); }
            case GE -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] >= y[b0 + i]); }
            case LE -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] <= y[b0 + i]); }
            default -> throw new AssertionError(op);
        }
    }

    /**
     * A row where b is one number repeated (stride 0: a scalar operand, e.g. {@code y.gt(0)} or {@code g.mul(-lr)})
     * and a and out are contiguous. False for an op without such a loop.
     */
    private static boolean binaryScalarRight(BinaryOp op, float[] x, int a0, float v, float[] z, int o0, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] + v; }
            case SUB -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] - v; }
            case MUL -> { for (int i = 0; i < n; i++) z[o0 + i] = x[a0 + i] * v; }
            case GT -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] > v); }
            case LT -> { for (int i = 0; i < n; i++) z[o0 + i] = BranchFree.mask(x[a0 + i] < v); }
            default -> {
                return false;
            }
        }
        return true;
    }
}
