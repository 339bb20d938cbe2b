package gradlab.tensor.device;

import gradlab.tensor.DType;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The CPU's matrix product C = A B (GEMM) for A [n, k] and B [k, m], batched, in float32 and float64, organised as
 * fast BLAS libraries do (Goto's algorithm; BLIS). Three ideas, from the outside in:
 *
 * <ol>
 *   <li><b>Packing.</b> A and B may be laid out any way (a transposed view such as {@code W.t()} walks its rows with
 *       a stride of 784). Before multiplying, B is copied into <em>panels</em> of a few columns, stored in exactly
 *       the order the inner loop reads it (step p of a panel: its w values of row p, side by side, one SIMD load per
 *       register). Packing reads B through its strides, so a transposed view is packed directly, never copied
 *       first. It costs k m element copies, against 2 n k m flops of arithmetic. A is not packed (BLIS packs it
 *       too): step p reads only 4 values of A, each broadcast to a whole register, so reading them through A's
 *       strides costs the kernel nothing measurable (the weight gradient, whose A is the transposed view {@code g^T},
 *       ran as fast as before), while copying A (128 x 784 in the MLP's first layer) cost 36 µs of the forward
 *       product's 350 in training.</li>
 *   <li><b>Blocking.</b> The k dimension is cut into blocks of {@link #KC} so the B panel in use (KC x w values) stays
 *       in the fastest cache while every A panel of the thread's rows streams past it. The rows of C are split
 *       between threads (each thread reads its own rows of A and writes its own rows of C; B is packed once and
 *       shared read-only).</li>
 *   <li><b>Register blocking and SIMD</b>: the {@link GemmKernel micro-kernel} keeps a 4 x w tile of C in registers
 *       while it runs over a block of k.</li>
 * </ol>
 *
 * <p>Every element of C is computed in the same order whatever the blocking, the thread count or the kernel:
 * c = fma(a[i][p], b[p][j], c) for p = 0, 1, ..., k-1, starting from 0. A partial sum stored in C between k blocks is
 * a float32 (or float64) value like the one in the register, so the results are bit-identical for every choice and
 * reproducible from run to run. float32 stays float32 throughout: packed panels are {@code float[]}.
 *
 * <p>Operands whose dtype differs from the output's (possible through a direct device call) are first copied into
 * the output's dtype. Packed panels live in per-thread buffers that are reused, so a steady stream of products of
 * the same sizes allocates nothing here.
 */
final class Gemm {
    /**
     * The micro-kernel: SIMD through the Vector API when the JVM was started with {@code --add-modules
     * jdk.incubator.vector} (the project's configuration does that), else plain Java with identical results.
     */
    static final GemmKernel KERNEL = chooseKernel();

    /**
     * Steps of k per block: a 1024 x 48 float32 B panel is 192 KiB and stays in the L2 cache while the thread's A
     * panels stream past it. On the project's machine (1 MiB of L2 per core) the MLP's products (k &lt;= 784) ran
     * fastest unblocked; 128 and 512 were slower. A CPU with a small L2 may want less.
     */
    static final int KC = 1024;
    /** Below this many multiply-adds a product runs on one thread: handing work to another costs ~10-50 us. */
    static final long PARALLEL_THRESHOLD = 1L << 20;
    /** Packing buffers larger than this many elements are not kept between calls. */
    private static final int KEEP_LIMIT = 1 << 22;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    private static GemmKernel chooseKernel() {
        // GemmVector is only loaded (and so only linked against jdk.incubator.vector) when this branch runs.
        if (vectorApiAvailable()) {
            return new GemmVector();
        }
        return new GemmPortable();
    }

    /** Whether the boot layer has the Vector API module, i.e. the JVM runs with --add-modules jdk.incubator.vector. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * out = a b, batched: a [..., n, k], b [..., k, m], out [..., n, m] with the same batch dims (stride 0 where
     * broadcast), k &gt; 0; any strides; out's dtype decides the arithmetic.
     */
    static void multiply(GemmKernel kernel, int threads, Strided a, Strided b, Strided out) {
        multiply(kernel, threads, a, b, out, CacheLineAlignment.FLOAT_OFFSET, CacheLineAlignment.DOUBLE_OFFSET);
    }

    /**
     * {@link #multiply(GemmKernel, int, Strided, Strided, Strided)} with the packed panels starting at element
     * {@code floatBase} (float32) or {@code doubleBase} (float64) of the packing buffer: where a cache line starts
     * ({@link CacheLineAlignment}), or anywhere in a test. The results do not depend on it.
     */
    static void multiply(GemmKernel kernel, int threads, Strided a, Strided b, Strided out, int floatBase,
            int doubleBase) {
        int rank = out.rank();
        int n = out.shape()[rank - 2];
        int m = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        DType dtype = out.storage().dtype();
        a = inDType(a, dtype);
        b = inDType(b, dtype);
        int[] batchShape = Arrays.copyOf(out.shape(), rank - 2);
        int batches = 1;
        for (int d : batchShape) {
            batches *= d;
        }
        int[] counter = new int[rank - 2];
        for (int t = 0; t < batches; t++) {
            int oa = a.offset();
            int ob = b.offset();
            int oc = out.offset();
            for (int d = 0; d < rank - 2; d++) {
                oa += counter[d] * a.strides()[d];
                ob += counter[d] * b.strides()[d];
                oc += counter[d] * out.strides()[d];
            }
            Matrix ma = new Matrix(a.storage(), oa, a.strides()[rank - 2], a.strides()[rank - 1]);
            Matrix mb = new Matrix(b.storage(), ob, b.strides()[rank - 2], b.strides()[rank - 1]);
            Matrix mc = new Matrix(out.storage(), oc, out.strides()[rank - 2], out.strides()[rank - 1]);
            if (dtype == DType.FLOAT32) {
                multiplyFloat(kernel, threads, ma, mb, mc, n, k, m, floatBase);
            } else {
                multiplyDouble(kernel, threads, ma, mb, mc, n, k, m, doubleBase);
            }
            for (int d = rank - 3; d >= 0; d--) {
                if (++counter[d] < batchShape[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
    }

    /** One matrix of a (batched) operand: element (i, j) at {@code offset + i*rowStride + j*colStride}. */
    private record Matrix(Storage storage, int offset, int rowStride, int colStride) {
        /** Whether C can be written in place: rows of consecutive elements that do not overlap. */
        boolean writableRows(int m) {
            return colStride == 1 && rowStride >= m;
        }
    }

    /** {@code s} itself if it holds {@code dtype}, else a contiguous copy converted to it. */
    private static Strided inDType(Strided s, DType dtype) {
        if (s.storage().dtype() == dtype) {
            return s;
        }
        Strided copy = new Strided(CpuDevice.INSTANCE.allocate(dtype, s.numel()), s.shape(),
                CpuDevice.contiguousStrides(s.shape()), 0);
        CpuDevice.INSTANCE.copy(s, copy);
        return copy;
    }

    /** Work on the row panels [p0, p1) of C. */
    @FunctionalInterface
    private interface PanelRange {
        void run(int p0, int p1);
    }

    /** Runs {@code body} over the {@code panels} row panels: on this thread, or split evenly between threads. */
    private static void forPanels(int panels, long work, int threads, PanelRange body) {
        int t = Math.min(threads, panels);
        if (t < 2 || work < PARALLEL_THRESHOLD) {
            body.run(0, panels);
            return;
        }
        IntStream.range(0, t).parallel().forEach(i -> body.run(i * panels / t, (i + 1) * panels / t));
    }

    /** Columns of packed B: full panels of {@code nr}, then tail panels of {@code tw} (the last padded with 0). */
    private static int packedWidth(int m, int nr, int tw) {
        int full = m / nr * nr;
        int rest = m - full;
        return full + (rest + tw - 1) / tw * tw;
    }

    // ------------------------------------------------------------------------------------------------ float32

    private static void multiplyFloat(GemmKernel kernel, int threads, Matrix a, Matrix b, Matrix out,
            int n, int k, int m, int base) {
        int nr = kernel.floatPanelWidth();
        int tw = kernel.floatTailWidth();
        float[] bp = WORKSPACE.get().floatB(base + k * packedWidth(m, nr, tw));
        packB(kernel, ((FloatStorage) b.storage()).data, b, k, m, nr, tw, bp, base);
        float[] outData = ((FloatStorage) out.storage()).data;
        boolean direct = out.writableRows(m);
        float[] c = direct ? outData : new float[n * m];
        int co = direct ? out.offset() : 0;
        int ldc = direct ? out.rowStride() : m;
        float[] aData = ((FloatStorage) a.storage()).data;
        int panels = (n + GemmKernel.MR - 1) / GemmKernel.MR;
        forPanels(panels, (long) n * k * m, threads, (p0, p1) -> {
            int r0 = p0 * GemmKernel.MR;
            int r1 = Math.min(n, p1 * GemmKernel.MR);
            if (r0 < r1) {
                multiplyRows(kernel, aData, a, r0, r1, k, m, nr, tw, bp, base, c, co, ldc);
            }
        });
        if (!direct) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    outData[out.offset() + i * out.rowStride() + j * out.colStride()] = c[i * m + j];
                }
            }
        }
    }

    /**
     * Copies B (k x m, any strides) into column panels: full panels of width nr, then panels of width tw; the panel
     * that starts at column j0 begins at {@code dst[base + j0 * k]} and holds (p, j) at {@code p*w + j}; padding is 0.
     */
    private static void packB(GemmKernel kernel, float[] src, Matrix b, int k, int m, int nr, int tw, float[] dst,
            int base) {
        int rs = b.rowStride();
        int cs = b.colStride();
        int w;
        for (int j0 = 0; j0 < m; j0 += w) {
            w = m - j0 >= nr ? nr : tw;
            int cols = Math.min(w, m - j0);
            int d0 = base + j0 * k;
            int s0 = b.offset() + j0 * cs;
            if (rs == 1 && cs != 1 && cols == w && kernel.packTransposedPanel(src, s0, cs, k, w, dst, d0)) {
                continue;   // a full panel of a transposed view, packed by the kernel (GemmVector: SIMD gathers)
            }
            if (rs == 1 && cs != 1) {
                // B is a transposed view (W^T): its columns are contiguous. Copy in blocks of 16 steps of k so each
                // source column is read a cache line at a time and the 16 destination rows stay in cache.
                for (int p0 = 0; p0 < k; p0 += 16) {
                    int p1 = Math.min(k, p0 + 16);
                    for (int j = 0; j < cols; j++) {
                        for (int p = p0; p < p1; p++) {
                            dst[d0 + p * w + j] = src[s0 + j * cs + p];
                        }
                    }
                    for (int p = p0; p < p1; p++) {
                        Arrays.fill(dst, d0 + p * w + cols, d0 + p * w + w, 0f);
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    int s = s0 + p * rs;
                    int d = d0 + p * w;
                    if (cs == 1) {
                        System.arraycopy(src, s, dst, d, cols);
                    } else {
                        for (int j = 0; j < cols; j++) {
                            dst[d + j] = src[s + j * cs];
                        }
                    }
                    Arrays.fill(dst, d + cols, d + w, 0f);
                }
            }
        }
    }

    /**
     * Copies the last rows [i0, r1) of A (fewer than MR of them, any strides) into one panel of MR rows, (p, r) at
     * {@code dst[p*MR + r]}, with rows of zeros below r1, so the kernel can read MR rows as it always does.
     */
    private static void packEdgePanel(float[] src, Matrix a, int i0, int r1, int k, float[] dst) {
        int s = a.offset() + i0 * a.rowStride();
        for (int p = 0, d = 0; p < k; p++, d += GemmKernel.MR) {
            for (int r = 0; r < GemmKernel.MR; r++) {
                dst[d + r] = i0 + r < r1 ? src[s + r * a.rowStride() + p * a.colStride()] : 0f;
            }
        }
    }

    /**
     * Rows [r0, r1) of C = A B, one thread's share: the micro-kernel tile by tile, reading A's rows in place (only a
     * last panel of fewer than MR rows is packed).
     */
    private static void multiplyRows(GemmKernel kernel, float[] aData, Matrix a, int r0, int r1, int k, int m,
            int nr, int tw, float[] bp, int base, float[] c, int co, int ldc) {
        Workspace ws = WORKSPACE.get();
        int mr = GemmKernel.MR;
        // Full panels of MR rows are read in place; a last panel of fewer rows is packed, with rows of zeros below.
        int fullEnd = r0 + (r1 - r0) / mr * mr;
        float[] edge = null;
        if (fullEnd < r1) {
            edge = ws.floatA(mr * k);
            packEdgePanel(aData, a, fullEnd, r1, k, edge);
        }
        float[] tile = ws.floatTile(2 * mr * nr);
        for (int i = r0; i < r1; i++) {
            Arrays.fill(c, co + i * ldc, co + i * ldc + m, 0f);   // the kernel adds to C: start from 0
        }
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int w;
            for (int j0 = 0; j0 < m; j0 += w) {
                w = m - j0 >= nr ? nr : tw;
                int cols = Math.min(w, m - j0);
                int bo = base + j0 * k + pc * w;
                int i0 = r0;
                while (i0 < r1) {
                    // A narrow (tail) panel takes two full row panels per call where it can (multiplyTwoPanels).
                    boolean two = w == tw && w < nr && i0 + 2 * mr <= fullEnd;
                    int step = two ? 2 * mr : mr;
                    boolean inPlace = i0 < fullEnd;
                    float[] aa = inPlace ? aData : edge;
                    int ao = inPlace ? a.offset() + i0 * a.rowStride() + pc * a.colStride() : pc * mr;
                    int aStep = inPlace ? a.colStride() : mr;
                    int aRow = inPlace ? a.rowStride() : 1;
                    int rows = Math.min(step, r1 - i0);
                    int ct = co + i0 * ldc + j0;
                    if (rows == step && cols == w) {
                        multiplyTile(kernel, two, kc, aa, ao, aStep, aRow, bp, bo, w, c, ct, ldc);
                    } else {
                        // An edge tile: run the kernel on a full-size scratch tile, then keep the part inside C.
                        for (int r = 0; r < step; r++) {
                            for (int j = 0; j < w; j++) {
                                tile[r * w + j] = r < rows && j < cols ? c[ct + r * ldc + j] : 0f;
                            }
                        }
                        multiplyTile(kernel, two, kc, aa, ao, aStep, aRow, bp, bo, w, tile, 0, w);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(tile, r * w, c, ct + r * ldc, cols);
                        }
                    }
                    i0 += step;
                }
            }
        }
    }

    /** One tile of MR rows, or of 2 MR rows through {@link GemmKernel#multiplyTwoPanels} when {@code two}. */
    private static void multiplyTile(GemmKernel kernel, boolean two, int kc, float[] a, int ao, int aStep, int aRow,
            float[] b, int bo, int w, float[] c, int co, int ldc) {
        if (two) {
            kernel.multiplyTwoPanels(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        } else {
            kernel.multiply(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        }
    }

    // ------------------------------------------------------------------------------------------------ float64
    // The same algorithm as float32, line for line, on double[] (Java has no generics over primitive arrays).

    private static void multiplyDouble(GemmKernel kernel, int threads, Matrix a, Matrix b, Matrix out,
            int n, int k, int m, int base) {
        int nr = kernel.doublePanelWidth();
        int tw = kernel.doubleTailWidth();
        double[] bp = WORKSPACE.get().doubleB(base + k * packedWidth(m, nr, tw));
        packB(((DoubleStorage) b.storage()).data, b, k, m, nr, tw, bp, base);
        double[] outData = ((DoubleStorage) out.storage()).data;
        boolean direct = out.writableRows(m);
        double[] c = direct ? outData : new double[n * m];
        int co = direct ? out.offset() : 0;
        int ldc = direct ? out.rowStride() : m;
        double[] aData = ((DoubleStorage) a.storage()).data;
        int panels = (n + GemmKernel.MR - 1) / GemmKernel.MR;
        forPanels(panels, (long) n * k * m, threads, (p0, p1) -> {
            int r0 = p0 * GemmKernel.MR;
            int r1 = Math.min(n, p1 * GemmKernel.MR);
            if (r0 < r1) {
                multiplyRows(kernel, aData, a, r0, r1, k, m, nr, tw, bp, base, c, co, ldc);
            }
        });
        if (!direct) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    outData[out.offset() + i * out.rowStride() + j * out.colStride()] = c[i * m + j];
                }
            }
        }
    }

    private static void packB(double[] src, Matrix b, int k, int m, int nr, int tw, double[] dst, int base) {
        int rs = b.rowStride();
        int cs = b.colStride();
        int w;
        for (int j0 = 0; j0 < m; j0 += w) {
            w = m - j0 >= nr ? nr : tw;
            int cols = Math.min(w, m - j0);
            int d0 = base + j0 * k;
            int s0 = b.offset() + j0 * cs;
            if (rs == 1 && cs != 1) {
                // B is a transposed view (W^T): its columns are contiguous. Copy in blocks of 16 steps of k so each
                // source column is read a cache line at a time and the 16 destination rows stay in cache.
                for (int p0 = 0; p0 < k; p0 += 16) {
                    int p1 = Math.min(k, p0 + 16);
                    for (int j = 0; j < cols; j++) {
                        for (int p = p0; p < p1; p++) {
                            dst[d0 + p * w + j] = src[s0 + j * cs + p];
                        }
                    }
                    for (int p = p0; p < p1; p++) {
                        Arrays.fill(dst, d0 + p * w + cols, d0 + p * w + w, 0.0);
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    int s = s0 + p * rs;
                    int d = d0 + p * w;
                    if (cs == 1) {
                        System.arraycopy(src, s, dst, d, cols);
                    } else {
                        for (int j = 0; j < cols; j++) {
                            dst[d + j] = src[s + j * cs];
                        }
                    }
                    Arrays.fill(dst, d + cols, d + w, 0.0);
                }
            }
        }
    }

    private static void packEdgePanel(double[] src, Matrix a, int i0, int r1, int k, double[] dst) {
        int s = a.offset() + i0 * a.rowStride();
        for (int p = 0, d = 0; p < k; p++, d += GemmKernel.MR) {
            for (int r = 0; r < GemmKernel.MR; r++) {
                dst[d + r] = i0 + r < r1 ? src[s + r * a.rowStride() + p * a.colStride()] : 0.0;
            }
        }
    }

    private static void multiplyRows(GemmKernel kernel, double[] aData, Matrix a, int r0, int r1, int k, int m,
            int nr, int tw, double[] bp, int base, double[] c, int co, int ldc) {
        Workspace ws = WORKSPACE.get();
        int mr = GemmKernel.MR;
        // Full panels of MR rows are read in place; a last panel of fewer rows is packed, with rows of zeros below.
        int fullEnd = r0 + (r1 - r0) / mr * mr;
        double[] edge = null;
        if (fullEnd < r1) {
            edge = ws.doubleA(mr * k);
            packEdgePanel(aData, a, fullEnd, r1, k, edge);
        }
        double[] tile = ws.doubleTile(2 * mr * nr);
        for (int i = r0; i < r1; i++) {
            Arrays.fill(c, co + i * ldc, co + i * ldc + m, 0.0);   // the kernel adds to C: start from 0
        }
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int w;
            for (int j0 = 0; j0 < m; j0 += w) {
                w = m - j0 >= nr ? nr : tw;
                int cols = Math.min(w, m - j0);
                int bo = base + j0 * k + pc * w;
                int i0 = r0;
                while (i0 < r1) {
                    // A narrow (tail) panel takes two full row panels per call where it can (multiplyTwoPanels).
                    boolean two = w == tw && w < nr && i0 + 2 * mr <= fullEnd;
                    int step = two ? 2 * mr : mr;
                    boolean inPlace = i0 < fullEnd;
                    double[] aa = inPlace ? aData : edge;
                    int ao = inPlace ? a.offset() + i0 * a.rowStride() + pc * a.colStride() : pc * mr;
                    int aStep = inPlace ? a.colStride() : mr;
                    int aRow = inPlace ? a.rowStride() : 1;
                    int rows = Math.min(step, r1 - i0);
                    int ct = co + i0 * ldc + j0;
                    if (rows == step && cols == w) {
                        multiplyTile(kernel, two, kc, aa, ao, aStep, aRow, bp, bo, w, c, ct, ldc);
                    } else {
                        for (int r = 0; r < step; r++) {
                            for (int j = 0; j < w; j++) {
                                tile[r * w + j] = r < rows && j < cols ? c[ct + r * ldc + j] : 0.0;
                            }
                        }
                        multiplyTile(kernel, two, kc, aa, ao, aStep, aRow, bp, bo, w, tile, 0, w);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(tile, r * w, c, ct + r * ldc, cols);
                        }
                    }
                    i0 += step;
                }
            }
        }
    }

    private static void multiplyTile(GemmKernel kernel, boolean two, int kc, double[] a, int ao, int aStep, int aRow,
            double[] b, int bo, int w, double[] c, int co, int ldc) {
        if (two) {
            kernel.multiplyTwoPanels(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        } else {
            kernel.multiply(kc, a, ao, aStep, aRow, b, bo, w, c, co, ldc);
        }
    }

    /** One thread's packing buffers, grown as needed and kept for the next product (up to {@link #KEEP_LIMIT}). */
    private static final class Workspace {
        private float[] floatA = new float[0];
        private float[] floatB = new float[0];
        private float[] floatTile = new float[0];
        private double[] doubleA = new double[0];
        private double[] doubleB = new double[0];
        private double[] doubleTile = new double[0];

        float[] floatA(int size) {
            if (floatA.length >= size) {
                return floatA;
            }
            float[] fresh = new float[size];
            if (size <= KEEP_LIMIT) {
                floatA = fresh;
            }
            return fresh;
        }

        float[] floatB(int size) {
            if (floatB.length >= size) {
                return floatB;
            }
            float[] fresh = new float[size];
            if (size <= KEEP_LIMIT) {
                floatB = fresh;
            }
            return fresh;
        }

        float[] floatTile(int size) {
            if (floatTile.length < size) {
                floatTile = new float[size];
            }
            return floatTile;
        }

        double[] doubleA(int size) {
            if (doubleA.length >= size) {
                return doubleA;
            }
            double[] fresh = new double[size];
            if (size <= KEEP_LIMIT) {
                doubleA = fresh;
            }
            return fresh;
        }

        double[] doubleB(int size) {
            if (doubleB.length >= size) {
                return doubleB;
            }
            double[] fresh = new double[size];
            if (size <= KEEP_LIMIT) {
                doubleB = fresh;
            }
            return fresh;
        }

        double[] doubleTile(int size) {
            if (doubleTile.length < size) {
                doubleTile = new double[size];
            }
            return doubleTile;
        }
    }
}
