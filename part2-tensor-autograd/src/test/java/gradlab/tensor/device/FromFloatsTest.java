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
 * and dtype, including NaN, infinities, signed zeros and a subnormal; {@code asTensor(shape, float[])} holds the same
 * values and shares the array exactly where it says it does (the CPU device in float32), as {@code torch.as_tensor}.
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

    @ParameterizedTest(name = "asTensor(shape, float[]) on {0} {1}, seed {2}")
    @MethodSource("cases")
    void asTensorSharesOnlyACpuFloat32Array(String deviceName, DType dtype, long seed) {
        Device device = deviceName.equals("cpu") ? CpuDevice.INSTANCE : ReferenceDevice.INSTANCE;
        Generator g = new Generator(seed);
        float[] values = new float[3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) g.nextGaussian();
        }
        values[5] = Float.NaN;
        values[6] = -0f;
        Tensor copied = Tensor.on(device, dtype).of(new int[] {3, 4}, values);
        Tensor shared = Tensor.on(device, dtype).asTensor(new int[] {3, 4}, values);
        assertThat(shared.dtype()).isEqualTo(dtype);
        assertThat(shared.device()).isSameAs(device);
        assertThat(shared.shape()).containsExactly(3, 4);
        assertThat(shared.isContiguous()).isTrue();
        double[] before = copied.toDoubleArray();
        double[] got = shared.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(Double.doubleToLongBits(got[i])).as("element %d: %s, expected %s", i, got[i], before[i])
                    .isEqualTo(Double.doubleToLongBits(before[i]));
        }
        values[0] = 1234f;
        boolean sharesTheArray = device == CpuDevice.INSTANCE && dtype == DType.FLOAT32;
        assertThat(shared.toDoubleArray()[0]).as("a write to the array after asTensor, on %s %s", deviceName, dtype)
                .isEqualTo(sharesTheArray ? 1234.0 : before[0]);
    }

    @Test
    void asTensorNamesAWrongCountOrNullValues() {
        assertThatThrownBy(() -> Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).asTensor(new int[] {2, 3}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asTensor: shape [2, 3] holds 6 elements but 7 values were given");
        assertThatThrownBy(() -> Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).asTensor(new int[] {2}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("asTensor: values are null");
        assertThatThrownBy(() -> Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).asTensor(null, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("asTensor: shape is null");
    }
}
