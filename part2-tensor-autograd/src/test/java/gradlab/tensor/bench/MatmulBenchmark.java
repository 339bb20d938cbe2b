package gradlab.tensor.bench;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Matrix products at the shapes of the MNIST MLP's first layer (batch 128, 784 inputs, 100 hidden units), as the
 * engine really runs them: forward {@code x W}, and the two products of {@code Mm}'s backward, whose transposed
 * operands are views (strided, not copied):
 * <ul>
 *   <li>{@code forward}: x [128, 784] by W [784, 100];</li>
 *   <li>{@code gradInput}: dL/dx = g W^T, g [128, 100] by W^T [100, 784];</li>
 *   <li>{@code gradWeight}: dL/dW = x^T g, x^T [784, 128] by g [128, 100].</li>
 * </ul>
 * Each does 2 n k m floating-point operations; {@link RunBenchmarks} turns the times into GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatmulBenchmark {
    static final int BATCH = 128;
    static final int IN = 784;
    static final int HIDDEN = 100;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor x;
    private Tensor w;
    private Tensor g;

    @Setup
    public void setUp() {
        x = Tensor.randn(new Generator(1), BATCH, IN).to(dtype);
        w = Tensor.randn(new Generator(2), IN, HIDDEN).to(dtype);
        g = Tensor.randn(new Generator(3), BATCH, HIDDEN).to(dtype);
    }

    @Benchmark
    public Tensor forward() {
        return x.mm(w);
    }

    @Benchmark
    public Tensor gradInput() {
        return g.mm(w.t());
    }

    @Benchmark
    public Tensor gradWeight() {
        return x.t().mm(g);
    }

    /** Floating-point operations of each benchmark method: 2 n k m. */
    static long flops(String method) {
        return switch (method) {
            case "forward" -> 2L * BATCH * IN * HIDDEN;
            case "gradInput" -> 2L * BATCH * HIDDEN * IN;
            case "gradWeight" -> 2L * IN * BATCH * HIDDEN;
            default -> throw new IllegalArgumentException("no flop count for benchmark method " + method);
        };
    }
}
