package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module.to moves every parameter and buffer in place, with their gradients, keeping the objects and the values. */
class ModuleToTest {
    static final Device REF = ReferenceDevice.INSTANCE;

    @Test
    void parametersBuffersAndGradsMoveInPlaceWithTheirValues() {
        Sequential model = new Sequential(new Linear(3, 4, true, new Generator(1)), new BatchNorm1d(4));
        model.forward(Tensor.randn(new Generator(2), 5, 3)).sum().backward();
        List<Parameter> params = model.parameters();
        Map<String, Tensor> buffers = model.namedBuffers();
        Map<String, Tensor> before = model.stateDict();
        Map<String, double[]> values = new java.util.HashMap<>();
        before.forEach((k, v) -> values.put(k, v.toDoubleArray()));
        double[] grad0 = params.get(0).grad().toDoubleArray();

        model.to(REF).to(DType.FLOAT32);

        assertThat(model.parameters()).containsExactlyElementsOf(params);
        model.namedBuffers().forEach((k, b) -> assertThat(b).as(k).isSameAs(buffers.get(k)));
        model.stateDict().forEach((k, t) -> {
            assertThat(t.device()).as(k).isSameAs(REF);
            assertThat(t.dtype()).as(k).isEqualTo(DType.FLOAT32);
            double[] want = values.get(k);
            double[] got = t.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as("%s[%d]", k, i).isEqualTo((double) (float) want[i]);
            }
        });
        Tensor g = params.get(0).grad();
        assertThat(g.device()).isSameAs(REF);
        assertThat(g.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(g.toDoubleArray()[0]).isEqualTo((double) (float) grad0[0]);
        assertThat(params.get(0).requiresGrad()).as("still a trainable leaf").isTrue();
        assertThat(params.get(0).isLeaf()).isTrue();
        Tensor y = model.forward(Tensor.on(REF, DType.FLOAT32).randn(new Generator(2), 5, 3));
        assertThat(y.device()).isSameAs(REF);
    }

    @Test
    void nullTargetsAreNamedErrors() {
        Linear l = new Linear(2, 2);
        assertThatThrownBy(() -> l.to((Device) null)).hasMessageContaining("device is null");
        assertThatThrownBy(() -> l.to((DType) null)).hasMessageContaining("dtype is null");
        assertThat(l.weight().dtype()).isEqualTo(DType.FLOAT64);
    }
}
