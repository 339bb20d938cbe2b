package gradlab.tensor.device;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FloatKernels}, the float32 elementwise kernels without double buffers, give <em>bit for bit</em> what the
 * {@link ReferenceDevice} gives (it computes in double and rounds to float once), on contiguous, broadcast (stride 0),
 * transposed and in-place layouts, with NaN, infinities and signed zeros among the inputs.
 */
class FloatKernelsTest {

    /** Layouts of b (a is [6, 9] and contiguous); "scalar" is a rank-0 b, as in {@code y.gt(0)}. */
    private static final String[] LAYOUTS = {"contiguous", "broadcast row", "broadcast column", "transposed",
        "scalar"};

    static Stream<Arguments> binaryCases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 500;
        for (String op : new String[] {"add", "sub", "mul", "div", "maximum", "minimum", "eq", "gt", "lt", "ge", "le"}) {
            for (String layout : LAYOUTS) {
                out.add(Arguments.of(op, layout, seed++));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 900;
        for (String op : new String[] {"neg", "exp", "log", "relu", "add 0.1", "mul 0.1", "mul -0.5"}) {
            for (String layout : new String[] {"contiguous", "transposed"}) {
                out.add(Arguments.of(op, layout, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}, seed {2}")
    @MethodSource("binaryCases")
    void binaryFloat32MatchesReferenceDeviceBitForBit(String op, String layout, long seed) {
        BinaryOperator<Tensor> f = switch (op) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            case "div" -> Tensor::div;
            case "maximum" -> Tensor::maximum;
            case "minimum" -> Tensor::minimum;
            case "eq" -> Tensor::eq;
            case "gt" -> Tensor::gt;
            case "lt" -> Tensor::lt;
            case "ge" -> Tensor::ge;
            default -> Tensor::le;
        };
        Generator g = new Generator(seed);
        Tensor a = withSpecialValues(Tensor.randn(g, 6, 9));
        Tensor b = switch (layout) {
            case "broadcast row" -> withSpecialValues(Tensor.randn(g, 9));
            case "broadcast column" -> withSpecialValues(Tensor.randn(g, 6, 1));
            case "transposed" -> withSpecialValues(Tensor.randn(g, 9, 6)).t();
            case "scalar" -> Tensor.scalar(g.nextGaussian());
            default -> withSpecialValues(Tensor.randn(g, 6, 9));
        };
        if (op.equals("eq")) {
            b = Tensor.where(a.gt(0), a.add(b.mul(0)), b);   // equal where a > 0 (broadcast to a's shape)
        }
        a = a.to(DType.FLOAT32);
        b = b.to(DType.FLOAT32);
        Tensor expected = f.apply(a.to(ReferenceDevice.INSTANCE), b.to(ReferenceDevice.INSTANCE));
        assertBitIdentical(f.apply(a, b), expected, op + " " + layout);
        // in place: a.addInPlace(b) writes a's own storage
        if (op.equals("add") || op.equals("mul")) {
            Tensor inPlace = a.clone();
            if (op.equals("add")) {
                inPlace.addInPlace(b);
            } else {
                inPlace.mulInPlace(b);
            }
            assertBitIdentical(inPlace, expected, op + "InPlace " + layout);
        }
    }

    @ParameterizedTest(name = "{0} {1}, seed {2}")
    @MethodSource("unaryCases")
    void unaryFloat32MatchesReferenceDeviceBitForBit(String op, String layout, long seed) {
        UnaryOperator<Tensor> f = switch (op) {
            case "neg" -> Tensor::neg;
            case "exp" -> Tensor::exp;
            case "log" -> Tensor::log;
            case "relu" -> Tensor::relu;
            case "add 0.1" -> t -> t.add(0.1);
            case "mul 0.1" -> t -> t.mul(0.1);
            default -> t -> t.mul(-0.5);
        };
        Generator g = new Generator(seed);
        Tensor x = withSpecialValues(layout.equals("transposed") ? Tensor.randn(g, 9, 6).t() : Tensor.randn(g, 6, 9))
                .to(DType.FLOAT32);
        assertBitIdentical(f.apply(x), f.apply(x.to(ReferenceDevice.INSTANCE)), op + " " + layout);
    }

    /** t with NaN, +-inf, +-0 and a subnormal written into its first elements. */
    private static Tensor withSpecialValues(Tensor t) {
        double[] v = t.toDoubleArray();
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-40};
        for (int i = 0; i < Math.min(v.length, special.length); i++) {
            v[(i * 7) % v.length] = special[i];
        }
        return Tensor.of(t.shape(), v);
    }

    private static void assertBitIdentical(Tensor got, Tensor expected, String what) {
        double[] x = got.toDoubleArray();
        double[] y = expected.toDoubleArray();
        if (x.length != y.length) {
            throw new AssertionError(what + ": " + x.length + " elements, the reference device gives " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) {
                throw new AssertionError(what + ": element " + i + " is " + x[i] + ", the reference device gives "
                        + y[i] + " (expected bit-identical float32 results)");
            }
        }
    }
}
