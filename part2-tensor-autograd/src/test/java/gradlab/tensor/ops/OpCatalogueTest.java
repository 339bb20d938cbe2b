package gradlab.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every op of the catalogue, 100 seeded random cases (shapes of rank 0-4, broadcast pairs, values in the op's
 * safe domain, contiguous, permuted and strided layouts in turn), each checking:
 * <ol>
 *   <li>the expression really ends in the op (its gradFn is {@code <Op>Backward});</li>
 *   <li>gradcheck of the op's backward against central differences, in float64;</li>
 *   <li>every input's grad has the input's shape (the classic broadcasting bug);</li>
 *   <li>float32 forward agrees with float64;</li>
 *   <li>every tenth case, gradgradcheck of the backward's own backward (createGraph = true).</li>
 * </ol>
 * A failing case is named "Op case N (seed S): shapes ..., layout L": rerun {@link #check} with that seed.
 */
class OpCatalogueTest {
    static final int CASES = 100;

    @TestFactory
    Stream<DynamicContainer> everyOpPassesEveryCheck() {
        return OpCatalogue.entries().stream().map(entry -> DynamicContainer.dynamicContainer(entry.op(),
                IntStream.range(0, CASES).mapToObj(c -> {
                    long seed = 1000L * c + entry.op().hashCode();
                    Random r = new Random(seed);
                    int[][] shapes = entry.shapes().draw(r);
                    Layout layout = Layout.values()[c % 3];
                    String name = entry.op() + " case " + c + " (seed " + seed + "): shapes "
                            + Arrays.deepToString(shapes) + ", layout " + layout;
                    return DynamicTest.dynamicTest(name, () -> check(entry, seed, shapes, layout, c % 10 == 0));
                })));
    }

    static void check(OpCatalogue.Entry entry, long seed, int[][] shapes, Layout layout, boolean secondOrder) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Input[] inputs = new Input[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = Input.of("x" + i, shapes[i], safeValues(entry, r, shapes[i]));
        }
        TensorGradCheck f = TensorGradCheck.of(entry.function(), shapes).layout(layout);

        // 1. the expression ends in the op, and 3. gradients have the inputs' shapes
        Tensor[] x = f.tensors(values(inputs), true);
        Tensor y = entry.function().apply(x);
        assertThat(y.gradFn()).as("%s must record a grad_fn", entry.op()).isNotNull();
        assertThat(y.gradFn().opName()).as("the op that made the output").isEqualTo(entry.op());
        y.backward(Tensor.onesLike(y));
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i].grad()).as("grad of input %d", i).isNotNull();
            assertThat(x[i].grad().shape()).as("grad shape of input %d of %s", i, entry.op())
                    .containsExactly(shapes[i]);
        }

        // 2. gradcheck
        GradCheckOptions options = GradCheckOptions.defaults().seed(seed).eps(entry.eps());
        GradCheck.assertCorrect(f, options, inputs);

        // 4. float32 agrees with float64
        Tensor[] x32 = Arrays.stream(f.tensors(values(inputs), false)).map(t -> t.to(DType.FLOAT32))
                .toArray(Tensor[]::new);
        Tensor[] x64 = f.tensors(values(inputs), false);
        try (var g = Tensor.noGrad()) {
            Tensor y32 = entry.function().apply(x32);
            Tensor y64 = entry.function().apply(x64);
            assertThat(y32.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-5))
                    .as("float32 %s vs float64 %s", y32, y64).isTrue();
        }

        // 5. second order
        if (secondOrder && entry.eps() == 1e-6) {
            GradCheck.assertGradGradCorrect(TensorGradCheck.of(entry.function(), shapes), options, inputs);
        }
    }

    /** Uniform in [low, high), redrawn while within 0.01 of a kink. */
    static double[] safeValues(OpCatalogue.Entry entry, Random r, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            boolean nearKink;
            do {
                v[j] = entry.low() + (entry.high() - entry.low()) * r.nextDouble();
                nearKink = false;
                for (double k : entry.kinks()) {
                    nearKink |= Math.abs(v[j] - k) < 0.01;
                }
            } while (nearKink);
        }
        return v;
    }

    private static double[][] values(Input[] inputs) {
        return Arrays.stream(inputs).map(Input::values).toArray(double[][]::new);
    }
}
