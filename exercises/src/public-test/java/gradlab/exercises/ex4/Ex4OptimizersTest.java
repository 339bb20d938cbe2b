package gradlab.exercises.ex4;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Public tests of exercise 4: your optimizers step for step against part 4's (which match PyTorch's). */
@Tag("ex4")
class Ex4OptimizersTest {

    /** Runs {@code steps} steps on L = sum((A w - y)^2) from the seeded start and returns w. */
    static Tensor train(Function<List<Tensor>, Optimizer> make, long seed, int steps) {
        Random r = new Random(seed);
        Tensor a = Tensor.randn(r, 6, 3);
        Tensor y = Tensor.randn(r, 6, 1);
        Tensor w = Tensor.randn(r, 3, 1).requiresGrad(true);
        Optimizer opt = make.apply(List.of(w));
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            a.mm(w).sub(y).pow(2).sum().backward();
            opt.step();
        }
        return w.detach();
    }

    @Test
    @Points(3)
    @DisplayName("ex4.1 MomentumSGD(lr 0.01, momentum 0.9) equals torch.optim.SGD over 6 steps (seed 131)")
    void momentum() {
        Tensor expected = train(p -> new SGD(p, SGD.options(0.01).momentum(0.9)), 131, 6);
        Tensor mine = train(p -> new MomentumSGD(p, 0.01, 0.9), 131, 6);
        Expect.close("ex4.1 MomentumSGD w after 6 steps (seed 131)", expected, mine, 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex4.1 MomentumSGD with momentum 0 is plain gradient descent (seed 132)")
    void noMomentum() {
        Tensor expected = train(p -> new SGD(p, 0.05), 132, 3);
        Tensor mine = train(p -> new MomentumSGD(p, 0.05, 0.0), 132, 3);
        Expect.close("ex4.1 MomentumSGD(momentum 0) w after 3 steps (seed 132)", expected, mine, 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex4.2 AdamOptimizer's first step moves every coordinate by lr (bias correction) (seed 141)")
    void adamFirstStep() {
        Tensor before = train(p -> new AdamOptimizer(p, 0.1, 0.9, 0.999, 1e-8), 141, 0);
        Tensor after = train(p -> new AdamOptimizer(p, 0.1, 0.9, 0.999, 1e-8), 141, 1);
        double[] b = before.toDoubleArray();
        double[] a = after.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            Expect.close("ex4.2 Adam first step |w1 - w0| of coordinate " + i + " (seed 141)", 0.1,
                    Math.abs(a[i] - b[i]), 1e-6);
        }
    }

    @Test
    @Points(3)
    @DisplayName("ex4.2 AdamOptimizer(lr 0.05) equals torch.optim.Adam over 8 steps (seed 142)")
    void adam() {
        Tensor expected = train(p -> new Adam(p, Adam.options().lr(0.05)), 142, 8);
        Tensor mine = train(p -> new AdamOptimizer(p, 0.05, 0.9, 0.999, 1e-8), 142, 8);
        Expect.close("ex4.2 Adam w after 8 steps (seed 142)", expected, mine, 1e-12);
    }
}
