package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.check.ModuleGradCheck;
import gradlab.nn.io.SafeTensors;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of part3-modules/README.md, as written there, with the results it states. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    static class Mlp extends Module {
        final Linear fc1 = new Linear(2, 16, true, new Random(0));
        final Linear fc2 = new Linear(16, 1, true, new Random(1));

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).relu());
        }
    }

    @Test
    void aModuleHoldsParameters() {
        Mlp mlp = new Mlp();
        assertThat(mlp.namedParameters().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight",
                "fc2.bias");
        Tensor loss = mlp.forward(Tensor.randn(new Generator(0), 8, 2)).pow(2).mean();
        loss.backward();
        assertThat(mlp.fc1.weight().grad().shape()).containsExactly(16, 2);
        for (Parameter p : mlp.parameters()) {
            assertThat(p.grad().shape()).containsExactly(p.shape());
        }
        mlp.zeroGrad();
        assertThat(mlp.parameters()).allMatch(p -> p.grad() == null);
    }

    static class DeepNet extends Module {
        final List<Linear> layers = new ArrayList<>();          // wrong: 123 layers nobody will train

        DeepNet() {
            for (int i = 0; i < 123; i++) {
                layers.add(new Linear(4, 4));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Linear l : layers) {
                x = l.forward(x);
            }
            return x;
        }
    }

    @Test
    void thePitfall() {
        assertThatThrownBy(() -> new DeepNet().parameters())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("field DeepNet.layers is a java.util.ArrayList holding 123 module(s) (first:"
                        + " Linear). Modules and parameters inside a plain Java List, array, Collection or Map are"
                        + " invisible to parameters(), ")
                .hasMessageEndingWith("Hold the modules in a ModuleList instead (e.g. `layers = new"
                        + " ModuleList(theList)`, or Sequential to chain them), or register each with"
                        + " registerModule(name, module).");
        assertThat(new HiddenModulesTest.FixedDeepNet().parameters()).hasSize(246);
    }

    @Test
    void sequential() {
        Sequential net = new Sequential(new Flatten(), new Linear(12, 8, true, new Random(2)), new Linear(8, 3, true,
                new Random(3)));
        assertThat(net.forward(Tensor.randn(new Generator(4), 5, 3, 4)).shape()).containsExactly(5, 3);
        assertThat(net.namedParameters().keySet()).containsExactly("1.weight", "1.bias", "2.weight", "2.bias");
        assertThat(net.toString()).isEqualTo("Sequential(\n"
                + "  (0): Flatten(startDim=1, endDim=-1)\n"
                + "  (1): Linear(inFeatures=12, outFeatures=8, bias=true)\n"
                + "  (2): Linear(inFeatures=8, outFeatures=3, bias=true)\n"
                + ")");
    }

    @Test
    void freezing() {
        Linear frozen = new Linear(3, 3, true, new Random(4));
        Linear head = new Linear(3, 1, true, new Random(5));
        Sequential model = new Sequential(frozen, head);
        frozen.requiresGrad(false);
        model.forward(Tensor.randn(new Generator(6), 2, 3)).sum().backward();
        assertThat(frozen.weight().grad()).isNull();
        assertThat(head.weight().grad().shape()).containsExactly(1, 3);
        assertThat(model.parameters().size()).isEqualTo(4);
    }

    @Test
    void float32InOneLine() {
        Module layer = new Linear(784, 100).to(DType.FLOAT32);        // a float32 layer
        assertThat(layer.parameters().get(0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(layer.parameters()).allSatisfy(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT32));
        Linear built;
        try (var s = Tensor.usingDType(DType.FLOAT32)) {              // or build it in float32 from the start
            built = new Linear(784, 100);                             // float32 parameters
        }
        assertThat(built.weight().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(built.forward(Tensor.on(DType.FLOAT32).randn(2, 784)).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void twoLinearLayersAreOne() {
        Linear l1 = new Linear(4, 6, true, new Random(6));
        Linear l2 = new Linear(6, 3, true, new Random(7));
        Tensor w = l2.weight().mm(l1.weight());                        // W = A2 A1, shape [3, 4]
        Tensor b = l2.weight().matmul(l1.bias()).add(l2.bias());       // b = A2 b1 + b2, shape [3]
        Tensor x = Tensor.randn(new Generator(8), 10, 4);
        Tensor twoLayers = new Sequential(l1, l2).forward(x);
        Tensor oneLayer = x.matmul(w.t()).add(b);
        assertThat(w.shape()).containsExactly(3, 4);
        assertThat(b.shape()).containsExactly(3);
        assertThat(twoLayers.allClose(oneLayer, 1e-12, 1e-12)).isTrue();
        assertThatThrownBy(() -> new Linear(784, 10).forward(Tensor.zeros(32, 28, 28)))
                .hasMessageStartingWith("Linear(inFeatures=784, outFeatures=10): expected an input of shape [*, 784]"
                        + " (last dim = inFeatures), got [32, 28, 28]; its last dim 28 != 784. Reshape or flatten the"
                        + " input, ");
    }

    @Test
    void stateDictsAndFiles() throws IOException {
        Sequential a = new Sequential(new Linear(2, 3, true, new Random(8)), new Linear(3, 1, true, new Random(9)));
        Sequential b = new Sequential(new Linear(2, 3, true, new Random(10)), new Linear(3, 1, true, new Random(11)));
        assertThat(a.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
        b.loadStateDict(a.stateDict());
        Tensor x = Tensor.randn(new Generator(15), 4, 2);
        assertThat(b.forward(x).toDoubleArray()).containsExactly(a.forward(x).toDoubleArray());

        Map<String, Tensor> partial = new LinkedHashMap<>(a.stateDict());
        partial.remove("1.bias");
        partial.put("2.weight", Tensor.zeros(1, 1));
        partial.put("0.weight", Tensor.zeros(2, 3));
        assertThatThrownBy(() -> b.loadStateDict(partial))
                .hasMessageStartingWith("Error(s) in loading state dict for Sequential:\n"
                        + "    Missing key(s) in state dict: \"1.bias\".\n"
                        + "    Unexpected key(s) in state dict: \"2.weight\".\n"
                        + "    size mismatch for 0.weight: copying a tensor of shape [2, 3] from the state dict, but"
                        + " the shape in this module is [3, 2].\n"
                        + "  The module's keys are ")
                .hasMessageEndingWith("; pass strict = false to load a partial state dict.");

        Sequential c = new Sequential(new Linear(2, 3, true, new Random(16)), new Linear(3, 1, true, new Random(17)));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(file, a.stateDict());
        c.loadStateDict(SafeTensors.load(file));
        assertThat(c.forward(x).toDoubleArray()).containsExactly(a.forward(x).toDoubleArray());
    }

    @Test
    void checkingGradients() {
        Sequential model2 = new Sequential(new Linear(3, 4, true, new Random(12)), new Linear(4, 2, true,
                new Random(13)));
        ModuleGradCheck.of(model2).layout(Layout.STRIDED).assertCorrect(Tensor.randn(new Generator(14), 5, 3));
        assertThat(ModuleGradCheck.of(model2).checkedParameters()).containsExactly("0.weight", "0.bias", "1.weight",
                "1.bias");
    }
}
