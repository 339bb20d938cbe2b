package gradlab.tensor.bench;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.SgdStep;
import java.util.ArrayList;
import java.util.List;
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
 * One optimizer step over the MNIST MLP's parameters (784-100-50-10: 84,060 weights and biases in six tensors) on the
 * CPU device, as part 4's optimizers take it: fused, one {@link OptimizerKernels} call per parameter
 * ({@code sgdMomentumFused}, {@code adamFused}), against the same update written op by op with tensor ops, which is
 * how the optimizers computed it before the fused kernels ({@code sgdMomentumOpByOp}, {@code adamOpByOp}: a
 * temporary tensor per op). Both give the same bits (OptimizerStepKernelsTest).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerStepBenchmark {
    static final int[][] SHAPES = {{100, 784}, {100}, {50, 100}, {50}, {10, 50}, {10}};

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> grads = new ArrayList<>();
    private final List<Tensor> m = new ArrayList<>();
    private final List<Tensor> v = new ArrayList<>();

    @Setup
    public void setUp() {
        Generator g = new Generator(1);
        for (int[] shape : SHAPES) {
            Tensor w = Tensor.randn(g, shape).to(dtype);
            params.add(w);
            grads.add(Tensor.randn(g, shape).to(dtype).mul(1e-3));
            m.add(Tensor.zerosLike(w));
            v.add(Tensor.zerosLike(w));
        }
    }

    @Benchmark
    public Tensor sgdMomentumFused() {
        SgdStep step = new SgdStep(0.1, 0.9, 0, 0, false, false, false);
        for (int i = 0; i < params.size(); i++) {
            OptimizerKernels.sgdStep("SGD", step, params.get(i), grads.get(i), m.get(i));
        }
        return params.get(0);
    }

    @Benchmark
    @SuppressWarnings("try")
    public Tensor sgdMomentumOpByOp() {
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor g = grads.get(i);
                Tensor buf = m.get(i);
                buf.mulInPlace(0.9).addInPlace(g.mul(1 - 0.0));
                params.get(i).addInPlace(buf.mul(-0.1));
            }
        }
        return params.get(0);
    }

    @Benchmark
    public Tensor adamFused() {
        AdamStep step = new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false, 10);
        for (int i = 0; i < params.size(); i++) {
            OptimizerKernels.adamStep("Adam", step, params.get(i), grads.get(i), m.get(i), v.get(i), null);
        }
        return params.get(0);
    }

    @Benchmark
    @SuppressWarnings("try")
    public Tensor adamOpByOp() {
        double stepSize = 1e-3 / (1 - Math.pow(0.9, 10));
        double bc2 = 1 - Math.pow(0.999, 10);
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor g = grads.get(i);
                m.get(i).mulInPlace(0.9).addInPlace(g.mul(1 - 0.9));
                v.get(i).mulInPlace(0.999).addInPlace(g.mul(1 - 0.999).mul(g));
                Tensor denom = v.get(i).sqrt().div(Math.sqrt(bc2)).add(1e-8);
                params.get(i).addInPlace(m.get(i).mul(-stepSize).div(denom));
            }
        }
        return params.get(0);
    }
}
