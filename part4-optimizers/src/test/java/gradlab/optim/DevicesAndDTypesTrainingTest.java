package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.Parameter;
import gradlab.nn.ReLU;
import gradlab.nn.Sequential;
import gradlab.nn.functional.Losses;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model built on one device and dtype and moved with {@code to(...)} trains to exactly the numbers of the same model
 * built there (issue 10's "done when"): the same Parameter objects are moved in place, so an optimizer made before the
 * move still updates them.
 */
class DevicesAndDTypesTrainingTest {

    static Module mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(6, 8, true, g), new ReLU(), new Dropout(0.25, g), new Linear(8, 3, true, g));
    }

    /** Losses of 6 SGD-with-momentum steps on a fixed batch, the data made on the model's device and dtype. */
    static List<Double> train(Module model, Device device, DType dtype, boolean optimizerBeforeMove) {
        List<Double> losses = new ArrayList<>();
        List<Parameter> params = model.parameters();
        SGD sgd = optimizerBeforeMove ? new SGD(params, SGD.options(0.1).momentum(0.9)) : null;
        model.to(device).to(dtype);
        if (sgd == null) {
            sgd = new SGD(model.parameters(), SGD.options(0.1).momentum(0.9));
        }
        assertThat(model.parameters()).as("to(...) keeps the same Parameter objects").containsExactlyElementsOf(params);
        Tensor x = Tensor.on(device, dtype).randn(new Generator(1), 16, 6);
        Tensor y = Tensor.on(device, dtype).of(new int[] {16}, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        for (int step = 0; step < 6; step++) {
            sgd.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(x), y);
            loss.backward();
            sgd.step();
            losses.add(loss.item());
        }
        for (Parameter p : model.parameters()) {
            assertThat(p.device()).isSameAs(device);
            assertThat(p.dtype()).isEqualTo(dtype);
        }
        return losses;
    }

    @ParameterizedTest(name = "built on cpu float64, moved to {0} {1}, optimizer made before the move: {2}")
    @CsvSource({"reference, FLOAT64, true", "reference, FLOAT32, false", "cpu, FLOAT32, true", "reference, FLOAT32, true"})
    void aMovedModelTrainsLikeOneBuiltThere(String deviceName, DType dtype, boolean optimizerBeforeMove) {
        Device device = deviceName.equals("cpu") ? CpuDevice.INSTANCE : ReferenceDevice.INSTANCE;
        List<Double> moved = train(mlp(7), device, dtype, optimizerBeforeMove);
        Module builtThere;
        try (var d = Tensor.usingDevice(device); var t = Tensor.usingDType(dtype)) {
            builtThere = mlp(7);
            assertThat(builtThere.parameters().get(0).device()).isSameAs(device);
            assertThat(builtThere.parameters().get(0).dtype()).isEqualTo(dtype);
        }
        List<Double> native_ = train(builtThere, device, dtype, true);
        assertThat(moved).as("losses of the moved model vs the model built on %s %s", deviceName, dtype)
                .containsExactlyElementsOf(native_);
        assertThat(moved.get(5)).as("it learns").isLessThan(moved.get(0));
    }
}
