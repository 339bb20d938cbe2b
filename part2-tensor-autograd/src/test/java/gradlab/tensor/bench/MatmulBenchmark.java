package gradlab.tensor.bench;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The matrix products of the MNIST MLP (784-100-50-10, batch 128) exactly as {@code Linear} and {@code Mm}'s backward
 * run them. A layer's weight W is stored [out, in]; the transposes are views (strided), never copies:
 * <ul>
 *   <li>{@code forward}: y = x W^T, x [128, in] by the view W^T [in, out] (what {@code Linear.forward} runs);</li>
 *   <li>{@code gradInput}: dL/dx = g W, g [128, out] by W [out, in] (Mm's backward: g times (W^T)^T);</li>
 *   <li>{@code gradWeight}: dL/dW = g^T x, the view g^T [out, 128] by x [128, in]: what Mm's backward runs for
 *       Linear's {@code x.mm(w.t())}, so that W gets a row-major gradient (dL/d(W^T) = (g^T x)^T, as PyTorch's
 *       {@code mm_mat2_backward} does for a transposed matrix).</li>
 * </ul>
 * {@code layer} picks the layer's shape ("784x100" is in x out), {@code threads} the CPU device's thread count.
 * Each product does 2 * 128 * in * out floating-point operations; {@link RunBenchmarks} prints GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(jvmArgsAppend = "-XX:ObjectAlignmentInBytes=64")   // packed panels on cache lines, as bench's training JVM
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatmulBenchmark {
    private static boolean placementPrinted;

    static final int BATCH = 128;

    @Param({"784x100", "100x50", "50x10"})
    public String layer;

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor w;
    private Tensor g;
    private int previousThreads;

    @Setup
    public void setUp() {
        if (!placementPrinted) {   // in the fork: whether @Fork's flag reached it (-jvmArgs on the command line drops it)
            placementPrinted = true;
            System.out.println("matmul: " + CpuDevice.matmulKernel() + "; " + CpuDevice.matmulPanelPlacement());
        }
        int in = in(layer);
        int out = out(layer);
        x = Tensor.randn(new Generator(1), BATCH, in).to(dtype);
        w = Tensor.randn(new Generator(2), out, in).to(dtype);
        g = Tensor.randn(new Generator(3), BATCH, out).to(dtype);
        previousThreads = CpuDevice.numThreads();
        CpuDevice.setNumThreads(threads);
    }

    @TearDown
    public void tearDown() {
        CpuDevice.setNumThreads(previousThreads);
    }

    @Benchmark
    public Tensor forward() {
        return x.mm(w.t());
    }

    @Benchmark
    public Tensor gradInput() {
        return g.mm(w);
    }

    @Benchmark
    public Tensor gradWeight() {
        return g.t().mm(x);
    }

    static int in(String layer) {
        return Integer.parseInt(layer.substring(0, layer.indexOf('x')));
    }

    static int out(String layer) {
        return Integer.parseInt(layer.substring(layer.indexOf('x') + 1));
    }

    /** Floating-point operations of one product of {@code layer}: 2 n k m, the same for all three forms. */
    static long flops(String layer) {
        return 2L * BATCH * in(layer) * out(layer);
    }
}
