package gradlab.tensor.device;

import gradlab.tensor.DType;
import org.apache.commons.numbers.gamma.Erf;

/**
 * The CPU kernels, for float64 ({@code double[]}) and float32 ({@code float[]}) storage.
 *
 * <p>Every elementwise kernel works the same way: {@link RowLoop} hands it one row at a time; the row is loaded into a
 * {@code double[]} buffer (converting from the storage's dtype), a tight loop computes the op on the buffer, and the
 * result is stored back (converting to the output's dtype). Only {@link #load} and {@link #store} know about dtypes,
 * so each op is written once. The hottest float32 ops skip the buffers ({@link FloatKernels}).
 */
public final class CpuDevice implements Device {
    /** The one CPU device. */
    public static final CpuDevice INSTANCE = new CpuDevice();

    private CpuDevice() {
    }

    /**
     * How many threads a large kernel may use (like {@code torch.set_num_threads}): the system property
     * {@code gradlab.threads} if set, else the number of cores.
     */
    private static volatile int numThreads = Integer.getInteger("gradlab.threads",
            Runtime.getRuntime().availableProcessors());

    /** The number of threads large kernels (matrix products) split their work between. */
    public static int numThreads() {
        return numThreads;
    }

    /**
     * Which matrix-product kernel runs, e.g. "Vector API, 16 floats / 8 doubles per register" or "portable Java (start
     * the JVM with --add-modules jdk.incubator.vector for SIMD)".
     */
    public static String matmulKernel() {
        return Gemm.KERNEL instanceof GemmVector
                ? "Vector API, " + Gemm.KERNEL.floatTailWidth() + " floats / " + Gemm.KERNEL.doubleTailWidth()
                        + " doubles per register"
                : "portable Java (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
    }

    /**
     * Where the matrix product puts its packed panels: on 64-byte cache lines (in a JVM started with
     * {@code -XX:ObjectAlignmentInBytes=64}, see CacheLineAlignment), or wherever the JVM put the buffer.
     */
    public static String matmulPanelPlacement() {
        return CacheLineAlignment.FLOAT_OFFSET > 0
                ? "packed panels on 64-byte cache lines (float element " + CacheLineAlignment.FLOAT_OFFSET + ")"
                : "packed panels wherever the JVM put the buffer (-XX:ObjectAlignmentInBytes=64 puts them on cache"
                        + " lines)";
    }

    /** Sets the number of threads large kernels use; 1 runs everything on the calling thread. */
    public static void setNumThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setNumThreads: expected at least 1 thread, got " + threads);
        }
        numThreads = threads;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return dtype == DType.FLOAT64 ? new DoubleStorage(size) : new FloatStorage(size);
    }

    @Override
    public Storage fromDoubles(DType dtype, double[] values) {
        Storage s = allocate(dtype, values.length);
        store(values, 0, s, 0, 1, values.length);
        return s;
    }

    /** float32: the array itself, shared; float64: a widened copy. */
    @Override
    public Storage asStorage(DType dtype, float[] values) {
        return dtype == DType.FLOAT32 ? new FloatStorage(values) : fromFloats(dtype, values);
    }

    /** float32: one {@code System.arraycopy}; float64: each float widened (exactly). */
    @Override
    public Storage fromFloats(DType dtype, float[] values) {
        if (dtype == DType.FLOAT32) {
            FloatStorage s = new FloatStorage(values.length);
            System.arraycopy(values, 0, s.data, 0, values.length);
            return s;
        }
        DoubleStorage s = new DoubleStorage(values.length);
        for (int i = 0; i < values.length; i++) {
            s.data[i] = values[i];
        }
        return s;
    }

    @Override
    public double[] toDoubles(Strided src) {
        double[] out = new double[src.numel()];
        Strided dst = new Strided(new DoubleStorage(0), src.shape(), contiguousStrides(src.shape()), 0);
        int[] pos = {0};
        RowLoop.forEachRow(src.shape(), new Strided[] {src, dst}, (off, n, st) -> {
            load(src.storage(), off[0], st[0], n, out, pos[0]);
            pos[0] += n;
        });
        return out;
    }

    @Override
    public void copy(Strided src, Strided dst) {
        if (src.storage() != dst.storage() && src.storage().dtype() == dst.storage().dtype()) {
            copySameDType(src, dst);
            return;
        }
        double[] buf = new double[buffer(dst.shape())];
        RowLoop.forEachRow(dst.shape(), new Strided[] {src, dst}, (off, n, st) -> {
            load(src.storage(), off[0], st[0], n, buf, 0);
            store(buf, 0, dst.storage(), off[1], st[1], n);
        });
    }

    /** copy between two storages of one dtype: no conversion, and contiguous rows go by System.arraycopy. */
    private static void copySameDType(Strided src, Strided dst) {
        if (src.storage() instanceof FloatStorage fs) {
            float[] a = fs.data;
            float[] b = ((FloatStorage) dst.storage()).data;
            RowLoop.forEachRow(dst.shape(), new Strided[] {src, dst}, (off, n, st) -> {
                if (st[0] == 1 && st[1] == 1) {
                    System.arraycopy(a, off[0], b, off[1], n);
                } else {
                    for (int i = 0; i < n; i++) {
                        b[off[1] + i * st[1]] = a[off[0] + i * st[0]];
                    }
                }
            });
        } else {
            double[] a = ((DoubleStorage) src.storage()).data;
            double[] b = ((DoubleStorage) dst.storage()).data;
            RowLoop.forEachRow(dst.shape(), new Strided[] {src, dst}, (off, n, st) -> {
                if (st[0] == 1 && st[1] == 1) {
                    System.arraycopy(a, off[0], b, off[1], n);
                } else {
                    for (int i = 0; i < n; i++) {
                        b[off[1] + i * st[1]] = a[off[0] + i * st[0]];
                    }
                }
            });
        }
    }

    @Override
    public void fill(Strided dst, double value) {
        double[] buf = new double[buffer(dst.shape())];
        java.util.Arrays.fill(buf, value);
        RowLoop.forEachRow(dst.shape(), new Strided[] {dst}, (off, n, st) -> store(buf, 0, dst.storage(), off[0], st[0], n));
    }

    @Override
    public void unary(UnaryOp op, double p, Strided in, Strided out) {
        if (in.storage() instanceof FloatStorage fi && out.storage() instanceof FloatStorage fo
                && FloatKernels.safeToWrite(out, in) && FloatKernels.unary(op, p, fi.data, in, fo.data, out)) {
            return;
        }
        double[] x = new double[buffer(out.shape())];
        RowLoop.forEachRow(out.shape(), new Strided[] {in, out}, (off, n, st) -> {
            load(in.storage(), off[0], st[0], n, x, 0);
            applyUnary(op, p, x, n);
            store(x, 0, out.storage(), off[1], st[1], n);
        });
    }

    /** One tight loop per op over a row buffer, in place. */
    private static void applyUnary(UnaryOp op, double p, double[] x, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) x[i] = -x[i]; }
            case EXP -> { for (int i = 0; i < n; i++) x[i] = Math.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) x[i] = Math.log(x[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) x[i] = Math.sqrt(x[i]); }
            case ABS -> { for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) x[i] = Math.signum(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) x[i] = Math.tanh(x[i]); }
            case ERF -> { for (int i = 0; i < n; i++) x[i] = Erf.value(x[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) x[i] = sigmoid(x[i]); }
            case RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : (Double.isNaN(x[i]) ? x[i] : 0.0); }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : p * x[i]; }
            case CLAMP_MIN -> { for (int i = 0; i < n; i++) x[i] = Math.max(x[i], p); }
            case CLAMP_MAX -> { for (int i = 0; i < n; i++) x[i] = Math.min(x[i], p); }
            case POW_SCALAR -> { for (int i = 0; i < n; i++) x[i] = Math.pow(x[i], p); }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) x[i] = x[i] + p; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) x[i] = x[i] * p; }
            default -> throw new UnsupportedOperationException("cpu: unary op " + op + " has no kernel");
        }
    }

    /** A sigmoid that does not overflow for large |x|. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        if (a.storage() instanceof FloatStorage fa && b.storage() instanceof FloatStorage fb
                && out.storage() instanceof FloatStorage fo && FloatKernels.safeToWrite(out, a, b)
                && FloatKernels.binary(op, fa.data, a, fb.data, b, fo.data, out)) {
            return;
        }
        double[] x = new double[buffer(out.shape())];
        double[] y = new double[buffer(out.shape())];
        RowLoop.forEachRow(out.shape(), new Strided[] {a, b, out}, (off, n, st) -> {
            load(a.storage(), off[0], st[0], n, x, 0);
            load(b.storage(), off[1], st[1], n, y, 0);
            applyBinary(op, x, y, n);
            store(x, 0, out.storage(), off[2], st[2], n);
        });
    }

    /** x = op(x, y), one tight loop per op. */
    private static void applyBinary(BinaryOp op, double[] x, double[] y, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) x[i] += y[i]; }
            case SUB -> { for (int i = 0; i < n; i++) x[i] -= y[i]; }
            case MUL -> { for (int i = 0; i < n; i++) x[i] *= y[i]; }
            case DIV -> { for (int i = 0; i < n; i++) x[i] /= y[i]; }
            case POW -> { for (int i = 0; i < n; i++) x[i] = Math.pow(x[i], y[i]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.max(x[i], y[i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) x[i] = Math.min(x[i], y[i]); }
            case EQ -> { for (int i = 0; i < n; i++) x[i] = BranchFree.maskDouble(x[i] == y[i]); }
            case GT -> { for (int i = 0; i < n; i++) x[i] = BranchFree.maskDouble(x[i] > y[i]); }
            case LT -> { for (int i = 0; i < n; i++) x[i] = BranchFree.maskDouble(x[i] < y[i]); }
            case GE -> { for (int i = 0; i < n; i++) x[i] = BranchFree.maskDouble(x[i] >= y[i]); }
            case LE -> { for (int i = 0; i < n; i++) x[i] = BranchFree.maskDouble(x[i] <= y[i]); }
            default -> throw new UnsupportedOperationException("cpu: binary op " + op + " has no kernel");
        }
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        double[] c = new double[buffer(out.shape())];
        double[] x = new double[buffer(out.shape())];
        double[] y = new double[buffer(out.shape())];
        RowLoop.forEachRow(out.shape(), new Strided[] {cond, a, b, out}, (off, n, st) -> {
            load(cond.storage(), off[0], st[0], n, c, 0);
            load(a.storage(), off[1], st[1], n, x, 0);
            load(b.storage(), off[2], st[2], n, y, 0);
            for (int i = 0; i < n; i++) {
                x[i] = c[i] != 0 ? x[i] : y[i];
            }
            store(x, 0, out.storage(), off[3], st[3], n);
        });
    }

    @Override
    public void reduce(ReduceOp op, Strided in, Strided out) {
        // Accumulate in a contiguous double[] shaped like out; reduced dims get stride 0 so every input element
        // of one output slot lands on the same accumulator.
        int rank = in.rank();
        int[] accStrides = contiguousStrides(out.shape());
        for (int d = 0; d < rank; d++) {
            if (out.shape()[d] == 1) {
                accStrides[d] = 0;
            }
        }
        double[] acc = new double[out.numel()];
        double init = switch (op) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        java.util.Arrays.fill(acc, init);
        Strided accView = new Strided(new DoubleStorage(0), in.shape(), accStrides, 0);
        // a float32 sum reads the floats directly (no row buffer); other cases load rows into a double buffer
        float[] floats = op == ReduceOp.SUM && in.storage() instanceof FloatStorage f ? f.data : null;
        double[] x = floats == null ? new double[buffer(in.shape())] : null;
        RowLoop.forEachRow(in.shape(), new Strided[] {in, accView}, (off, n, st) -> {
            int a = off[1];
            int s = st[1];
            if (floats != null) {
                sumFloatRow(floats, off[0], st[0], n, acc, a, s);
                return;
            }
            load(in.storage(), off[0], st[0], n, x, 0);
            switch (op) {
                case SUM -> { for (int i = 0; i < n; i++) acc[a + i * s] += x[i]; }
                case MAX -> { for (int i = 0; i < n; i++) acc[a + i * s] = maxNan(acc[a + i * s], x[i]); }
                case MIN -> { for (int i = 0; i < n; i++) acc[a + i * s] = minNan(acc[a + i * s], x[i]); }
                default -> throw new UnsupportedOperationException("cpu: reduce op " + op + " has no kernel");
            }
        });
        Strided accOut = new Strided(wrap(acc), out.shape(), contiguousStrides(out.shape()), 0);
        copy(accOut, out);
    }

    /**
     * acc[a + i*s] += x[o + i*si] for i in [0, n): one float32 row added into double accumulators, in the same order
     * as the buffered path. A row that reduces into one slot (s = 0) keeps its running sum in a local.
     */
    private static void sumFloatRow(float[] x, int o, int si, int n, double[] acc, int a, int s) {
        if (s == 0) {
            double t = acc[a];
            for (int i = 0; i < n; i++) {
                t += x[o + i * si];
            }
            acc[a] = t;
        } else if (s == 1 && si == 1) {
            for (int i = 0; i < n; i++) {
                acc[a + i] += x[o + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[a + i * s] += x[o + i * si];
            }
        }
    }

    private static double maxNan(double a, double b) {
        return Math.max(a, b); // Math.max propagates NaN, as torch.max does
    }

    private static double minNan(double a, double b) {
        return Math.min(a, b);
    }

    @Override
    public void matmul(Strided a, Strided b, Strided out) {
        int k = a.shape()[a.rank() - 1];
        if (out.numel() == 0) {
            return;   // n, m or a batch dim is 0: nothing to write
        }
        if (k == 0) {
            fill(out, 0.0);   // every element is a sum of no products: 0, as in PyTorch
            return;
        }
        Gemm.multiply(Gemm.KERNEL, numThreads, a, b, out);
    }

    @Override
    public void gather(Strided in, int dim, Strided index, Strided out) {
        int[] idx = new int[out.rank()];
        int total = out.numel();
        for (int t = 0; t < total; t++) {
            int i = checkedIndex(readAt(index, idx), in.shape()[dim], dim, "gather");
            int srcOff = offsetOf(in, idx, dim, i);
            writeAt(out.storage(), offsetOf(out, idx, -1, 0), readStorage(in.storage(), srcOff));
            increment(idx, out.shape());
        }
    }

    @Override
    public void scatterAdd(Strided src, int dim, Strided index, Strided out) {
        int[] idx = new int[src.rank()];
        int total = src.numel();
        for (int t = 0; t < total; t++) {
            int i = checkedIndex(readAt(index, idx), out.shape()[dim], dim, "scatterAdd");
            int dstOff = offsetOf(out, idx, dim, i);
            writeAt(out.storage(), dstOff, readStorage(out.storage(), dstOff) + readAt(src, idx));
            increment(idx, src.shape());
        }
    }

    @Override
    public void indexSelect(Strided in, int dim, Strided index, Strided out) {
        if (dim == 0 && in.storage().dtype() == out.storage().dtype() && rowsContiguous(in) && rowsContiguous(out)) {
            selectRows(in, index, out);
            return;
        }
        int[] idx = new int[out.rank()];
        int total = out.numel();
        int[] one = new int[1];
        for (int t = 0; t < total; t++) {
            one[0] = idx[dim];
            int i = checkedIndex(readAt(index, one), in.shape()[dim], dim, "indexSelect");
            writeAt(out.storage(), offsetOf(out, idx, -1, 0), readStorage(in.storage(), offsetOf(in, idx, dim, i)));
            increment(idx, out.shape());
        }
    }

    /** Whether each slice x[i] (all dims after the first) is one contiguous run of elements. */
    private static boolean rowsContiguous(Strided x) {
        int expected = 1;
        for (int d = x.rank() - 1; d >= 1; d--) {
            if (x.shape()[d] != 1 && x.strides()[d] != expected) {
                return false;
            }
            expected *= x.shape()[d];
        }
        return true;
    }

    /**
     * indexSelect along dim 0 with contiguous rows (how a data loader takes a batch of samples): one
     * System.arraycopy per selected row instead of an offset computation per element.
     */
    private static void selectRows(Strided in, Strided index, Strided out) {
        int rows = out.shape()[0];
        int rowLength = rows == 0 ? 0 : out.numel() / rows;
        int size = in.shape()[0];
        Object src = in.storage() instanceof FloatStorage f ? f.data : ((DoubleStorage) in.storage()).data;
        Object dst = out.storage() instanceof FloatStorage f ? f.data : ((DoubleStorage) out.storage()).data;
        for (int r = 0; r < rows; r++) {
            double value = readStorage(index.storage(), index.offset() + r * index.strides()[0]);
            int i = checkedIndex(value, size, 0, "indexSelect");
            System.arraycopy(src, in.offset() + i * in.strides()[0], dst, out.offset() + r * out.strides()[0],
                    rowLength);
        }
    }

    private static int checkedIndex(double value, int size, int dim, String op) {
        int i = (int) value;
        if (i != value || i < -size || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + value + " is out of bounds for dim " + dim
                    + " with size " + size + "; indices must be integers in [" + (-size) + ", " + (size - 1) + "]");
        }
        return i < 0 ? i + size : i;
    }

    /** Offset of multi-index {@code idx} in {@code s}, with position {@code replace} of dim {@code dim} (if dim >= 0). */
    private static int offsetOf(Strided s, int[] idx, int dim, int replace) {
        int off = s.offset();
        for (int d = 0; d < idx.length; d++) {
            off += (d == dim ? replace : idx[d]) * s.strides()[d];
        }
        return off;
    }

    private static double readAt(Strided s, int[] idx) {
        return readStorage(s.storage(), offsetOf(s, idx, -1, 0));
    }

    private static void increment(int[] idx, int[] shape) {
        for (int d = idx.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }

    private static double readStorage(Storage s, int offset) {
        return s instanceof DoubleStorage d ? d.data[offset] : ((FloatStorage) s).data[offset];
    }

    private static void writeAt(Storage s, int offset, double value) {
        if (s instanceof DoubleStorage d) {
            d.data[offset] = value;
        } else {
            ((FloatStorage) s).data[offset] = (float) value;
        }
    }

    /** Reads n elements at stride {@code stride} from {@code offset} into {@code dst[dstPos..]}, as doubles. */
    static void load(Storage src, int offset, int stride, int n, double[] dst, int dstPos) {
        if (src instanceof DoubleStorage d) {
            double[] a = d.data;
            if (stride == 1) {
                System.arraycopy(a, offset, dst, dstPos, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = a[offset + i * stride];
                }
            }
        } else {
            float[] a = ((FloatStorage) src).data;
            for (int i = 0; i < n; i++) {
                dst[dstPos + i] = a[offset + i * stride];
            }
        }
    }

    /** Writes {@code src[srcPos..srcPos+n)} to n elements at stride {@code stride} from {@code offset}. */
    static void store(double[] src, int srcPos, Storage dst, int offset, int stride, int n) {
        if (dst instanceof DoubleStorage d) {
            double[] a = d.data;
            if (stride == 1) {
                System.arraycopy(src, srcPos, a, offset, n);
            } else {
                for (int i = 0; i < n; i++) {
                    a[offset + i * stride] = src[srcPos + i];
                }
            }
        } else {
            float[] a = ((FloatStorage) dst).data;
            for (int i = 0; i < n; i++) {
                a[offset + i * stride] = (float) src[srcPos + i];
            }
        }
    }

    /** A row buffer big enough for the longest row of {@code shape} (at most {@link RowLoop#MAX_ROW}). */
    private static int buffer(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.max(1, Math.min(RowLoop.MAX_ROW, n));
    }

    private static DoubleStorage wrap(double[] values) {
        DoubleStorage s = new DoubleStorage(values.length);
        System.arraycopy(values, 0, s.data, 0, values.length);
        return s;
    }

    /** Row-major strides for {@code shape}. */
    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    // ---------------------------------------------------------------------------------------- fused kernels

    /**
     * Log-softmax along dim on compact operands, each line (see {@link ReferenceDevice#logSoftmax}) in three passes:
     * max, sum of exp(x - max) accumulated in double, write x - max - log(sum). float32 data is read and written as
     * float32 directly (no float64 copy of the tensor); only the per-element arithmetic is in double.
     */
    @Override
    public void logSoftmax(Strided in, int dim, Strided out) {
        int size = in.shape()[dim];
        int inner = 1;
        for (int d = dim + 1; d < in.rank(); d++) {
            inner *= in.shape()[d];
        }
        int outer = size * inner == 0 ? 0 : in.numel() / (size * inner);
        if (in.storage() instanceof FloatStorage fi) {
            float[] x = fi.data;
            float[] y = ((FloatStorage) out.storage()).data;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int first = o * size * inner + i;
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        m = Math.max(m, x[at]);
                    }
                    double shift = m;   // an infinite m makes the line NaN, as in PyTorch (Device#logSoftmax)
                    double sum = 0;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        sum += Math.exp(x[at] - shift);
                    }
                    double logSum = Math.log(sum);
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        y[at] = (float) (x[at] - shift - logSum);
                    }
                }
            }
        } else {
            double[] x = ((DoubleStorage) in.storage()).data;
            double[] y = ((DoubleStorage) out.storage()).data;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int first = o * size * inner + i;
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        m = Math.max(m, x[at]);
                    }
                    double shift = m;
                    double sum = 0;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        sum += Math.exp(x[at] - shift);
                    }
                    double logSum = Math.log(sum);
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        y[at] = x[at] - shift - logSum;
                    }
                }
            }
        }
    }

    /** gradIn = g - exp(y) * sum(g) along dim, per line; the sum in double, float32 read and written as float32. */
    @Override
    public void logSoftmaxBackward(Strided grad, Strided out, int dim, Strided gradIn) {
        int size = grad.shape()[dim];
        int inner = 1;
        for (int d = dim + 1; d < grad.rank(); d++) {
            inner *= grad.shape()[d];
        }
        int outer = size * inner == 0 ? 0 : grad.numel() / (size * inner);
        if (grad.storage() instanceof FloatStorage fg) {
            float[] g = fg.data;
            float[] y = ((FloatStorage) out.storage()).data;
            float[] dx = ((FloatStorage) gradIn.storage()).data;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int first = o * size * inner + i;
                    double sum = 0;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        sum += g[at];
                    }
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        dx[at] = (float) (g[at] - Math.exp(y[at]) * sum);
                    }
                }
            }
        } else {
            double[] g = ((DoubleStorage) grad.storage()).data;
            double[] y = ((DoubleStorage) out.storage()).data;
            double[] dx = ((DoubleStorage) gradIn.storage()).data;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int first = o * size * inner + i;
                    double sum = 0;
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        sum += g[at];
                    }
                    for (int j = 0, at = first; j < size; j++, at += inner) {
                        dx[at] = g[at] - Math.exp(y[at]) * sum;
                    }
                }
            }
        }
    }

    /** mask = u &gt;= p ? 1/(1 - p) : 0, out = x * mask, in one pass; float32 compares and scales in float32. */
    @Override
    public void dropout(Strided in, Strided uniform, double p, Strided out, Strided mask) {
        int n = out.numel();
        if (in.storage() instanceof FloatStorage fi) {
            float[] x = fi.data;
            float[] u = ((FloatStorage) uniform.storage()).data;
            float[] y = ((FloatStorage) out.storage()).data;
            float[] keep = ((FloatStorage) mask.storage()).data;
            float threshold = (float) p;
            float scale = (float) (1.0 / (1.0 - p));
            for (int i = 0; i < n; i++) {
                float m = BranchFree.choose(u[i] >= threshold, scale, 0.0f);
                keep[i] = m;
                y[i] = x[i] * m;
            }
        } else {
            double[] x = ((DoubleStorage) in.storage()).data;
            double[] u = ((DoubleStorage) uniform.storage()).data;
            double[] y = ((DoubleStorage) out.storage()).data;
            double[] keep = ((DoubleStorage) mask.storage()).data;
            double scale = 1.0 / (1.0 - p);
            for (int i = 0; i < n; i++) {
                double m = BranchFree.choose(u[i] >= p, scale, 0.0);
                keep[i] = m;
                y[i] = x[i] * m;
            }
        }
    }

    // ---------------------------------------------------------------------------------------- optimizer updates
    // Fused and in place (see CpuOptimizerKernels): every operand is compact and of param's dtype, as Device says.

    @Override
    public void sgdStep(SgdStep step, Strided param, Strided grad, Strided momentumBuffer) {
        int n = param.numel();
        if (param.storage() instanceof FloatStorage w) {
            CpuOptimizerKernels.sgd(step, w.data, floats(grad), floats(momentumBuffer), n);
        } else {
            CpuOptimizerKernels.sgd(step, doubles(param), doubles(grad), doubles(momentumBuffer), n);
        }
    }

    @Override
    public void adamStep(AdamStep step, Strided param, Strided grad, Strided expAvg, Strided expAvgSq,
            Strided maxExpAvgSq) {
        int n = param.numel();
        if (param.storage() instanceof FloatStorage w) {
            CpuOptimizerKernels.adam(step, w.data, floats(grad), floats(expAvg), floats(expAvgSq),
                    floats(maxExpAvgSq), n);
        } else {
            CpuOptimizerKernels.adam(step, doubles(param), doubles(grad), doubles(expAvg), doubles(expAvgSq),
                    doubles(maxExpAvgSq), n);
        }
    }

    @Override
    public void rmspropStep(RmspropStep step, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer) {
        int n = param.numel();
        if (param.storage() instanceof FloatStorage w) {
            CpuOptimizerKernels.rmsprop(step, w.data, floats(grad), floats(squareAvg), floats(gradAvg),
                    floats(momentumBuffer), n);
        } else {
            CpuOptimizerKernels.rmsprop(step, doubles(param), doubles(grad), doubles(squareAvg), doubles(gradAvg),
                    doubles(momentumBuffer), n);
        }
    }

    @Override
    public void adagradStep(AdagradStep step, Strided param, Strided grad, Strided sum) {
        int n = param.numel();
        if (param.storage() instanceof FloatStorage w) {
            CpuOptimizerKernels.adagrad(step, w.data, floats(grad), floats(sum), n);
        } else {
            CpuOptimizerKernels.adagrad(step, doubles(param), doubles(grad), doubles(sum), n);
        }
    }

    /** The float[] of a compact float32 operand; null for an absent (null) optional buffer. */
    private static float[] floats(Strided s) {
        return s == null ? null : ((FloatStorage) s.storage()).data;
    }

    /** The double[] of a compact float64 operand; null for an absent (null) optional buffer. */
    private static double[] doubles(Strided s) {
        return s == null ? null : ((DoubleStorage) s.storage()).data;
    }
}
