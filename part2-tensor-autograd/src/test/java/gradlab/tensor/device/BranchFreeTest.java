package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BranchFree chooses exactly what {@code c ? a : b} does, bit for bit, special values included. */
class BranchFreeTest {
    static Stream<Float> floats() {
        return Stream.of(0f, -0f, 1f, -1.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00123));
    }

    static Stream<Double> doubles() {
        return Stream.of(0.0, -0.0, 1.0, -1.5, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Double.longBitsToDouble(0x7ff8000000000123L));
    }

    @ParameterizedTest(name = "float {0}")
    @MethodSource("floats")
    void floatChoiceKeepsEveryBit(float v) {
        int bits = Float.floatToRawIntBits(v);
        assertThat(Float.floatToRawIntBits(BranchFree.choose(true, v, 7f))).as("true picks %s", v).isEqualTo(bits);
        assertThat(Float.floatToRawIntBits(BranchFree.choose(false, 7f, v))).as("false picks %s", v).isEqualTo(bits);
        assertThat(BranchFree.mask(v > 0f)).as("mask of %s > 0", v).isEqualTo(v > 0f ? 1f : 0f);
    }

    @ParameterizedTest(name = "double {0}")
    @MethodSource("doubles")
    void doubleChoiceKeepsEveryBit(double v) {
        long bits = Double.doubleToRawLongBits(v);
        assertThat(Double.doubleToRawLongBits(BranchFree.choose(true, v, 7.0))).as("true picks %s", v).isEqualTo(bits);
        assertThat(Double.doubleToRawLongBits(BranchFree.choose(false, 7.0, v))).as("false picks %s", v)
                .isEqualTo(bits);
        assertThat(BranchFree.maskDouble(v > 0.0)).as("mask of %s > 0", v).isEqualTo(v > 0.0 ? 1.0 : 0.0);
    }
}
