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
 * The fixed cost of one op on a tiny tensor (4 x 4, so the arithmetic is negligible): what the engine pays per call
 * for shape checks, broadcasting, allocation, the kernel dispatch and, with grad, recording a graph node.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpOverheadBenchmark {
    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    private Tensor a;
    private Tensor b;
    private Tensor row;
    private Tensor leafA;
    private Tensor leafB;

    @Setup
    public void setUp() {
        a = Tensor.randn(new Generator(1), 4, 4).to(dtype);
        b = Tensor.randn(new Generator(2), 4, 4).to(dtype);
        row = Tensor.randn(new Generator(3), 4).to(dtype);
        leafA = Tensor.randn(new Generator(1), 4, 4).to(dtype).requiresGrad(true);
        leafB = Tensor.randn(new Generator(2), 4, 4).to(dtype).requiresGrad(true);
    }

    /** One elementwise op, nothing recorded. */
    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    /** One elementwise op with a broadcast operand ([4, 4] + [4]). */
    @Benchmark
    public Tensor addBroadcast() {
        return a.add(row);
    }

    /** One unary op. */
    @Benchmark
    public Tensor exp() {
        return a.exp();
    }

    /** A full reduction to a scalar. */
    @Benchmark
    public Tensor sum() {
        return a.sum();
    }

    /** A view: no data moves, only shape and strides. */
    @Benchmark
    public Tensor transpose() {
        return a.t();
    }

    /** One op on tensors that require grad: the forward plus a recorded graph node. */
    @Benchmark
    public Tensor mulRecorded() {
        return leafA.mul(leafB);
    }

    /** Forward and backward of (a * b).sum(): three nodes, two leaf gradients accumulated. */
    @Benchmark
    public Tensor mulSumBackward() {
        leafA.setGrad(null);
        leafB.setGrad(null);
        leafA.mul(leafB).sum().backward();
        return leafA.grad();
    }
}
