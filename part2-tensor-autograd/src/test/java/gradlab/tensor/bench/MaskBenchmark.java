package gradlab.tensor.bench;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Kernels;
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
 * The data-dependent ops of the MNIST step at its first layer's size (128 x 100): relu's backward
 * ({@code g * (y > 0)}) and dropout. Each call takes the next of 64 different random inputs, as training does,
 * so the CPU cannot learn one input's pattern of true and false: on one repeated input a mispredicting branch looks
 * free (see BranchFree in the CPU device).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MaskBenchmark {
    private static final int INPUTS = 64;

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    private final Tensor[] reluOutputs = new Tensor[INPUTS];
    private final Tensor[] uniforms = new Tensor[INPUTS];
    private Tensor grad;
    private int next;

    @Setup
    public void setUp() {
        Generator gen = new Generator(7);
        for (int i = 0; i < INPUTS; i++) {
            reluOutputs[i] = Tensor.randn(gen, 128, 100).to(dtype).relu();
            uniforms[i] = Tensor.rand(gen, 128, 100).to(dtype);
        }
        grad = Tensor.randn(gen, 128, 100).to(dtype);
    }

    private Tensor nextInput() {
        next = (next + 1) % INPUTS;
        return reluOutputs[next];
    }

    /** The mask relu's backward builds: 1 where y &gt; 0, else 0. */
    @Benchmark
    public Tensor reluMask() {
        return nextInput().gt(0.0);
    }

    /** Relu's whole backward: g * (y &gt; 0). */
    @Benchmark
    public Tensor reluBackward() {
        return grad.mul(nextInput().gt(0.0));
    }

    /** Dropout's kernel with p = 0.2: the keep mask from uniform draws, and the scaled output. */
    @Benchmark
    public Tensor[] dropout() {
        Tensor x = nextInput();
        return Kernels.dropout(x, uniforms[next], 0.2);
    }
}
