package gradlab.mnist.model;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.mnist.DeviceChoice;
import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.LogSoftmax;
import gradlab.nn.ReLU;
import gradlab.nn.Sequential;
import gradlab.nn.Tanh;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.device.CpuDevice;
import org.junit.jupiter.api.Test;

class MlpFactoryTest {
    @Test
    void theHomeworkModelIsPyTorchsSequential() {
        Sequential m = MlpFactory.build(784, new int[] {100, 50}, 10, Activation.RELU, 0.2, LossKind.CROSSENTROPY,
                new Generator(0), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT32);
        assertThat(m.size()).isEqualTo(6);
        assertThat(m.get(0)).isInstanceOf(Linear.class);
        assertThat(m.get(1)).isInstanceOf(ReLU.class);
        assertThat(m.get(3)).isInstanceOf(ReLU.class);
        assertThat(m.get(4)).isInstanceOf(Dropout.class);
        assertThat(((Dropout) m.get(4)).p()).isEqualTo(0.2);
        assertThat(m.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "5.weight",
                "5.bias");
        assertThat(m.stateDict().get("2.weight").shape()).containsExactly(50, 100);
        m.parameters().forEach(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT32));
        // PyTorch's default init: |w| <= 1/sqrt(fan_in)
        double bound = 1 / Math.sqrt(784);
        for (double w : m.stateDict().get("0.weight").toDoubleArray()) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo(bound + 1e-7);
        }
    }

    @Test
    void nllEndsInLogSoftmaxAndNoDropoutMeansNoLayer() {
        Sequential m = MlpFactory.build(784, new int[] {64}, 10, Activation.TANH, 0, LossKind.NLL,
                new Generator(0), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT64);
        assertThat(m.size()).isEqualTo(4);
        assertThat(m.get(1)).isInstanceOf(Tanh.class);
        assertThat(m.get(3)).isInstanceOf(LogSoftmax.class);
        m.parameters().forEach(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT64));
    }

    @Test
    void sameSeedSameWeights() {
        Sequential a = MlpFactory.build(10, new int[] {4}, 3, Activation.RELU, 0, LossKind.CROSSENTROPY,
                new Generator(5), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT32);
        Sequential b = MlpFactory.build(10, new int[] {4}, 3, Activation.RELU, 0, LossKind.CROSSENTROPY,
                new Generator(5), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT32);
        assertThat(b.stateDict().get("0.weight").toDoubleArray())
                .containsExactly(a.stateDict().get("0.weight").toDoubleArray());
    }

    @Test
    void deviceChoiceNamesWhatRuns() {
        assertThat(DeviceChoice.parse("cpu").device()).isSameAs(CpuDevice.INSTANCE);
        assertThat(DeviceChoice.parse("auto").description()).as("pocl is a CPU OpenCL device, not a GPU")
                .startsWith("cpu (auto: OpenCL has no GPU here");
        assertThat(DeviceChoice.parse("reference").device().name()).isNotEqualTo("cpu");
    }
}
