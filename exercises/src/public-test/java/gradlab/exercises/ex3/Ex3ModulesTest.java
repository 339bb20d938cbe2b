package gradlab.exercises.ex3;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.nn.check.ModuleGradCheck;
import gradlab.nn.functional.Losses;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Public tests of exercise 3: your Linear, Dropout and cross-entropy against the engine's and gradcheck. */
@Tag("ex3")
class Ex3ModulesTest {

    @Test
    @Points(2)
    @DisplayName("ex3.1 Linear(4, 3) forward equals x W^T + b at a [5, 4] input (seed 101)")
    @SuppressWarnings("try")
    void linearForward() {
        Random r = new Random(101);
        Linear mine = new Linear(4, 3, r);
        Tensor x = Tensor.randn(r, 5, 4);
        Tensor expected;
        try (var off = Tensor.noGrad()) {
            expected = x.mm(mine.weight().t()).add(mine.bias());
        }
        Expect.close("ex3.1 Linear(4, 3) forward (seed 101)", expected, mine.forward(x), 1e-12);
        Expect.that("ex3.1 Linear parameters", mine.namedParameters().keySet().equals(
                java.util.Set.of("weight", "bias")), "got " + mine.namedParameters().keySet());
    }

    @Test
    @Points(2)
    @DisplayName("ex3.1 Linear(4, 3) gradcheck with respect to the input, weight and bias (seed 102)")
    void linearGradcheck() {
        Random r = new Random(102);
        Linear mine = new Linear(4, 3, r);
        var result = ModuleGradCheck.of(mine).check(Tensor.randn(r, 5, 4));
        Expect.that("ex3.1 Linear gradcheck (seed 102)", result.passed(), "gradcheck failed\n" + result.report());
    }

    @Test
    @Points(1)
    @DisplayName("ex3.2 Dropout(0.3) in eval mode is the identity (seed 111)")
    void dropoutEval() {
        Dropout d = new Dropout(0.3, new Random(111));
        d.eval();
        Tensor x = Tensor.randn(new Random(112), 4, 5);
        Expect.close("ex3.2 Dropout eval (seed 111)", x, d.forward(x), 0);
    }

    @Test
    @Points(2)
    @DisplayName("ex3.2 Dropout(0.3) training: kept elements scaled by 1/(1-p), about 70% kept of 20,000 (seed 113)")
    void dropoutTrain() {
        double p = 0.3;
        Dropout d = new Dropout(p, new Random(113));
        Tensor x = Tensor.rand(new Random(114), 20_000).add(1.0);   // in [1, 2): never 0
        double[] in = x.toDoubleArray();
        double[] out = d.forward(x).toDoubleArray();
        int kept = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] != 0) {
                kept++;
                Expect.close("ex3.2 Dropout kept element " + i + " = x / (1 - p) (seed 113)", in[i] / (1 - p), out[i],
                        1e-12);
            }
        }
        double sigma = Math.sqrt(in.length * p * (1 - p));
        Expect.that("ex3.2 Dropout keep rate (seed 113)", Math.abs(kept - in.length * (1 - p)) < 5 * sigma,
                "kept " + kept + " of " + in.length + ", expected about " + (int) (in.length * (1 - p))
                        + " (p is the probability to DROP)");
    }

    @Test
    @Points(1)
    @DisplayName("ex3.3 CrossEntropyLoss equals the engine's at random [6, 5] logits (seed 121)")
    void crossEntropyValue() {
        Random r = new Random(121);
        Tensor logits = Tensor.randn(r, 6, 5).mul(3.0);
        Tensor target = Tensor.of(0, 4, 2, 2, 1, 3);
        Expect.close("ex3.3 cross-entropy value (seed 121)", Losses.crossEntropy(logits, target).item(),
                new CrossEntropyLoss().forward(logits, target).item(), 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex3.3 CrossEntropyLoss is finite and right at logits of +-1000")
    void crossEntropyStable() {
        Tensor logits = Tensor.of(new double[][] {{1000, 0, -1000}, {-1000, 999, 1000}});
        Tensor target = Tensor.of(0, 1);
        // row 0: the target has the largest logit: loss ~ 0; row 1: -999 + 1000 + ln(1 + e^-1) = 1.3132616875
        double expected = (Math.log1p(Math.exp(-1000)) + 1 + Math.log1p(Math.exp(-1))) / 2;
        Expect.close("ex3.3 cross-entropy at +-1000", expected,
                new CrossEntropyLoss().forward(logits, target).item(), 1e-9);
    }

    @Test
    @Points(1)
    @DisplayName("ex3.3 CrossEntropyLoss gradient is (softmax - onehot) / N at random [4, 3] logits (seed 122)")
    void crossEntropyGradient() {
        Random r = new Random(122);
        Tensor logits = Tensor.randn(r, 4, 3).requiresGrad(true);
        Tensor target = Tensor.of(2, 0, 1, 1);
        new CrossEntropyLoss().forward(logits, target).backward();
        Tensor expected = logits.detach().softmax(1).sub(Tensor.oneHot(target, 3)).div(4.0);
        Expect.close("ex3.3 cross-entropy gradient (seed 122)", expected, logits.grad(), 1e-12);
    }
}
