package gradlab.tensor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import gradlab.tensor.testing.PlainReference.Nd;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ops that are not differentiable (comparisons, sign, argmax, oneHot): they are not in the gradcheck catalogue,
 * so their values are checked here against plain references, on seeded random cases with many ties (values drawn
 * from {-1, 0, 0.5, 1}), in every {@link Layout}; and their outputs never require grad, even when the input does.
 * A failing case is named with its seed.
 *
 * <p>Two differences from PyTorch: there sign's output requires grad (its gradient is 0 everywhere); here sign, like
 * the comparisons, records nothing. And there sign(NaN) is 0 (pytorch/pytorch#41245); here it stays NaN, as in NumPy.
 */
class NonDifferentiableOpsTest {
    static final int CASES = 100;
    private static final double[] TIES = {-1, 0, 0.5, 1};

    /** Values drawn from a small set, so that ties and equal pairs are common. */
    static double[] tiedValues(Random r, int[] shape) {
        double[] v = new double[PlainReference.numel(shape)];
        for (int j = 0; j < v.length; j++) {
            v[j] = TIES[r.nextInt(TIES.length)];
        }
        return v;
    }

    static Layout layout(int c) {
        return Layout.values()[c % Layout.values().length];
    }

    // ---- comparisons and sign ---------------------------------------------------------------------------------

    record Comparison(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator plain) {
    }

    static Stream<Comparison> comparisons() {
        return Stream.of(
                new Comparison("gt", Tensor::gt, (a, b) -> a > b ? 1 : 0),
                new Comparison("lt", Tensor::lt, (a, b) -> a < b ? 1 : 0),
                new Comparison("ge", Tensor::ge, (a, b) -> a >= b ? 1 : 0),
                new Comparison("le", Tensor::le, (a, b) -> a <= b ? 1 : 0),
                new Comparison("eq", Tensor::eq, (a, b) -> a == b ? 1 : 0));
    }

    @TestFactory
    Stream<DynamicContainer> comparisonsMatchAPlainReferenceOnBroadcastPairs() {
        return comparisons().map(cmp -> DynamicContainer.dynamicContainer(cmp.name(),
                IntStream.range(0, CASES).mapToObj(c -> {
                    long seed = 7000L * c + cmp.name().hashCode();
                    int[][] shapes = OpCatalogue.broadcastPair(new Random(seed));
                    return DynamicTest.dynamicTest(cmp.name() + " case " + c + " (seed " + seed + "): shapes "
                            + Arrays.deepToString(shapes) + ", layout " + layout(c), () -> {
                                Random r = new Random(seed ^ 0x5DEECE66DL);
                                double[] av = tiedValues(r, shapes[0]);
                                double[] bv = tiedValues(r, shapes[1]);
                                Tensor a = TensorGradCheck.layOut(shapes[0], av, layout(c)).requiresGrad(true);
                                Tensor b = TensorGradCheck.layOut(shapes[1], bv, layout(c)).requiresGrad(true);
                                Tensor out = cmp.op().apply(a, b);
                                Nd expected = PlainReference.binary(new Nd(shapes[0], av), new Nd(shapes[1], bv),
                                        cmp.plain());
                                assertThat(out.shape()).containsExactly(expected.shape());
                                assertThat(out.toDoubleArray()).containsExactly(expected.values());
                                assertNotRecorded(out);
                            });
                })));
    }

    @Test
    void comparisonsWithANumberCompareEveryElement() {
        Tensor x = Tensor.of(-1, 0, 0.5, 1).requiresGrad(true);
        assertThat(x.gt(0.5).toDoubleArray()).containsExactly(0, 0, 0, 1);
        assertThat(x.ge(0.5).toDoubleArray()).containsExactly(0, 0, 1, 1);
        assertThat(x.lt(0.5).toDoubleArray()).containsExactly(1, 1, 0, 0);
        assertThat(x.le(0.5).toDoubleArray()).containsExactly(1, 1, 1, 0);
        assertThat(x.eq(0.5).toDoubleArray()).containsExactly(0, 0, 1, 0);
        assertNotRecorded(x.gt(0.5));
        // NaN compares false with everything, itself included (IEEE)
        Tensor nan = Tensor.of(Double.NaN);
        assertThat(nan.eq(nan).item()).isEqualTo(0);
        assertThat(nan.gt(0).item() + nan.lt(0).item() + nan.ge(0).item() + nan.le(0).item()).isEqualTo(0);
    }

    @TestFactory
    Stream<DynamicTest> signMatchesMathSignum() {
        return IntStream.range(0, CASES).mapToObj(c -> {
            long seed = 8000L * c;
            int[] shape = OpCatalogue.shape(new Random(seed), 0, 4);
            return DynamicTest.dynamicTest("sign case " + c + " (seed " + seed + "): shape " + Arrays.toString(shape)
                    + ", layout " + layout(c), () -> {
                        double[] v = tiedValues(new Random(seed ^ 1), shape);
                        Tensor x = TensorGradCheck.layOut(shape, v, layout(c)).requiresGrad(true);
                        Tensor s = x.mul(3).sign();   // a non-leaf that requires grad
                        assertThat(s.shape()).containsExactly(shape);
                        assertThat(s.toDoubleArray()).containsExactly(
                                PlainReference.map(new Nd(shape, v), Math::signum).values());
                        assertNotRecorded(s);
                    });
        });
    }

    @Test
    void signKeepsNaNAndInfinitiesHaveASign() {
        double[] s = Tensor.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1e-300).sign()
                .toDoubleArray();
        assertThat(s[0]).isNaN();   // PyTorch: 0 (its open issue 41245); NumPy: nan
        assertThat(s[1]).isEqualTo(1);
        assertThat(s[2]).isEqualTo(-1);
        assertThat(s[3]).isEqualTo(0);
        assertThat(s[4]).isEqualTo(-1);
    }

    // ---- argmax -------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> argmaxOverADimMatchesAPlainReferenceForRanksOneToFour() {
        return IntStream.range(0, CASES).mapToObj(c -> {
            long seed = 9000L * c;
            Random r = new Random(seed);
            int[] shape = OpCatalogue.shape(r, 1, 4);
            int dim = r.nextInt(shape.length);
            boolean keepdim = r.nextBoolean();
            return DynamicTest.dynamicTest("argmax case " + c + " (seed " + seed + "): shape "
                    + Arrays.toString(shape) + ", dim " + dim + ", keepdim " + keepdim + ", layout " + layout(c),
                    () -> {
                        double[] v = tiedValues(new Random(seed ^ 1), shape);
                        Tensor x = TensorGradCheck.layOut(shape, v, layout(c)).requiresGrad(true);
                        Tensor out = x.argmax(dim, keepdim);
                        Nd expected = PlainReference.reduce(new Nd(shape, v), new int[] {dim}, keepdim,
                                PlainReference::argmax);
                        assertThat(out.shape()).containsExactly(expected.shape());
                        assertThat(out.toDoubleArray()).containsExactly(expected.values());
                        assertNotRecorded(out);
                        // over everything: the index into the flattened (row-major) tensor
                        assertThat(x.argmax().item()).isEqualTo(PlainReference.argmax(v));
                        assertNotRecorded(x.argmax());
                    });
        });
    }

    @Test
    void argmaxTakesTheFirstOfTiedMaxima() {
        Tensor x = Tensor.of(new double[][] {{1, 3, 3}, {2, 2, 1}});
        assertThat(x.argmax(1, false).toDoubleArray()).containsExactly(1, 0);   // torch.argmax(x, 1) = [1, 0]
        assertThat(x.argmax(1, true).shape()).containsExactly(2, 1);
        assertThat(x.argmax(0, false).toDoubleArray()).containsExactly(1, 0, 0);
        assertThat(x.argmax(0, true).shape()).containsExactly(1, 3);
        assertThat(x.argmax().item()).isEqualTo(1);
        assertThat(x.argmax(-1, false).toDoubleArray()).containsExactly(1, 0);
    }

    @Test
    void argmaxOfAScalarIsZero() {
        assertThat(Tensor.scalar(5).argmax().item()).isEqualTo(0);
        assertThat(Tensor.scalar(5).argmax(0, false).shape()).isEmpty();
    }

    @Test
    void argmaxPointsAtTheFirstNaNLikePyTorch() {
        // torch.argmax(torch.tensor([1., nan, 3., nan])) = 1: NaN counts as the largest value
        assertThat(Tensor.of(1, Double.NaN, 3, Double.NaN).argmax().item()).isEqualTo(1);
        Tensor x = Tensor.of(new double[][] {{1, Double.NaN, 3}, {4, 2, 1}});
        assertThat(x.argmax(1, false).toDoubleArray()).containsExactly(1, 0);
    }

    // ---- oneHot -------------------------------------------------------------------------------------------------

    @Test
    void oneHotPutsAOneAtEachIndex() {
        Tensor labels = Tensor.of(0, 2, 1, 2);
        Tensor h = Tensor.oneHot(labels, 3);
        assertThat(h.shape()).containsExactly(4, 3);
        assertThat(h.toDoubleArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1);
        // indices of shape S give S + [numClasses]
        assertThat(Tensor.oneHot(Tensor.scalar(1), 4).toDoubleArray()).containsExactly(0, 1, 0, 0);
        assertThat(Tensor.oneHot(Tensor.scalar(1), 4).shape()).containsExactly(4);
        Tensor grid = Tensor.oneHot(Tensor.of(new double[][] {{0, 1}, {1, 0}, {2, 2}}), 3);
        assertThat(grid.shape()).containsExactly(3, 2, 3);
        assertThat(grid.get(2, 1, 2)).isEqualTo(1);
        assertThat(grid.sum().item()).isEqualTo(6);
    }

    @Test
    void oneHotOfArgmaxDoesNotRequireGrad() {
        Tensor logits = Tensor.of(new double[][] {{0.1, 2, -1}, {3, 0, 0}}).requiresGrad(true);
        Tensor h = Tensor.oneHot(logits.argmax(1, false), 3);
        assertThat(h.toDoubleArray()).containsExactly(0, 1, 0, 1, 0, 0);
        assertNotRecorded(h);
        assertNotRecorded(Tensor.oneHot(Tensor.of(0, 1).requiresGrad(true), 2));
    }

    @Test
    void oneHotRejectsAnIndexOutOfRangeNamingItAndTheRange() {
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(0, 3), 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("oneHot").hasMessageContaining("index 3 ")
                .hasMessageContaining("numClasses 3").hasMessageContaining("[0, 2]");
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(-1), 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index -1 ").hasMessageContaining("[0, 2]");
    }

    @Test
    void oneHotRejectsAnInfiniteOrHugeIndexPrintingItAsGiven() {
        // (long) Infinity would print 9223372036854775807, a number nobody passed
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(Double.POSITIVE_INFINITY), 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index Infinity ").hasMessageNotContaining("9223372036854775807");
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(1e19), 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 1.0E19 ");
    }

    @Test
    void oneHotRejectsANumClassesBelowOneNamingItAndTheFix() {
        // torch.nn.functional.one_hot(torch.tensor([0]), 0): "Class values must be smaller than num_classes."
        for (int numClasses : new int[] {0, -1}) {
            assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(0), numClasses))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("oneHot").hasMessageContaining("numClasses must be at least 1, got "
                            + numClasses).hasMessageContaining("number of classes");
        }
    }

    @Test
    void oneHotRejectsANonIntegerIndexSayingItMustBeAWholeNumber() {
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(0, 1.5), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oneHot").hasMessageContaining("1.5")
                .hasMessageContaining("not a whole number").hasMessageContaining("[0, 2]");
        assertThatThrownBy(() -> Tensor.oneHot(Tensor.of(Double.NaN), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    // ---- pow with negative bases: the exponent's gradient is NaN, as in PyTorch ------------------------------

    @Test
    void powWithNegativeBasesAndWholeExponentsHasTheBaseGradientButANaNExponentGradient() {
        // PyTorch: a = [-2, -1.5, -0.5], b = [2, 3, -2]; a ** b = [4, -3.375, 4];
        // a.grad = b a^(b-1) = [-4, 6.75, 16]; b.grad = a^b ln a = [nan, nan, nan] (ln of a negative number)
        Tensor a = Tensor.of(-2, -1.5, -0.5).requiresGrad(true);
        Tensor b = Tensor.of(2, 3, -2).requiresGrad(true);
        Tensor y = a.pow(b);
        assertThat(y.toDoubleArray()).containsExactly(4, -3.375, 4);
        y.sum().backward();
        assertThat(a.grad().toDoubleArray()).containsExactly(-4, 6.75, 16);
        assertThat(Arrays.stream(b.grad().toDoubleArray()).boxed().toList()).allMatch(v -> v.isNaN());
    }

    /** Not recorded on the tape: no gradFn and no requiresGrad, whatever the inputs. */
    static void assertNotRecorded(Tensor out) {
        assertThat(out.requiresGrad()).as("requiresGrad of %s", out).isFalse();
        assertThat(out.gradFn()).as("gradFn of %s", out).isNull();
    }
}
