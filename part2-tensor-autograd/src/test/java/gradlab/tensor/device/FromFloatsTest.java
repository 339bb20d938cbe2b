package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Tensor.on(device, dtype).of(shape, float[])} (a data loader's float32 batch, no {@code double[]} in between)
 * holds exactly the values {@code of(shape, double[])} gives for the same numbers widened to double, on every device
 * and dtype, including NaN, infinities, signed zeros and a subnormal.
 */
class FromFloatsTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 4100;
        for (Device device : new Device[] {CpuDevice.INSTANCE, ReferenceDevice.INSTANCE}) {
            for (DType dtype : DType.values()) {
                out.add(Arguments.of(device.name(), dtype, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "of(shape, float[]) on {0} {1}, seed {2}")
    @MethodSource("cases")
    void holdsTheSameValuesAsTheDoublePath(String deviceName, DType dtype, long seed) {
        Device device = deviceName.equals("cpu") ? CpuDevice.INSTANCE : ReferenceDevice.INSTANCE;
        Generator g = new Generator(seed);
        float[] values = new float[5 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) g.nextGaussian();
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-40f};
        System.arraycopy(special, 0, values, 3, special.length);
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        Tensor fromFloats = Tensor.on(device, dtype).of(new int[] {5, 7}, values);
        Tensor fromDoubles = Tensor.on(device, dtype).of(new int[] {5, 7}, wide);
        assertThat(fromFloats.dtype()).isEqualTo(dtype);
        assertThat(fromFloats.device()).isSameAs(device);
        assertThat(fromFloats.shape()).containsExactly(5, 7);
        double[] got = fromFloats.toDoubleArray();
        double[] expected = fromDoubles.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(Double.doubleToLongBits(got[i])).as("element %d: %s, expected %s", i, got[i], expected[i])
                    .isEqualTo(Double.doubleToLongBits(expected[i]));
        }
        values[0] = 1234f; // the tensor holds a copy
        assertThat(fromFloats.toDoubleArray()[0]).isEqualTo(expected[0]);
    }

    @Test
    void aWrongCountIsNamedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: shape [2, 3] holds 6 elements but 5 values were given");
        assertThatThrownBy(() -> Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {2}, (float[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("of: values are null");
    }
}
