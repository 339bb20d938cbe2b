package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handout's pitfall: modules kept in a plain Java List (or array, Map) are invisible to parameters(), so an
 * optimizer would silently never train them. GradLab refuses such a model with an error that says what to do.
 */
class HiddenModulesTest {

    /** The handout's example: 123 Linear layers in a List. */
    static final class DeepNet extends Module {
        final List<Linear> layers = new ArrayList<>();

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

    /** The fix: the same layers in a ModuleList. */
    static final class FixedDeepNet extends Module {
        final ModuleList layers = new ModuleList();

        FixedDeepNet() {
            for (int i = 0; i < 123; i++) {
                layers.add(new Linear(4, 4));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Module l : layers) {
                x = l.forward(x);
            }
            return x;
        }
    }

    @Test
    void aListOfLinearLayersIsAnErrorNamingTheFieldAndTheFix() {
        DeepNet net = new DeepNet();
        assertThatThrownBy(net::parameters)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field DeepNet.layers is a java.util.ArrayList holding 123 module(s)"
                        + " (first: Linear)")
                .hasMessageContaining("invisible to parameters()")
                .hasMessageContaining("Hold the modules in a ModuleList instead (e.g. `layers = new"
                        + " ModuleList(theList)`");
        assertThatThrownBy(net::stateDict).hasMessageContaining("DeepNet.layers");
        assertThatThrownBy(net::zeroGrad).hasMessageContaining("DeepNet.layers");
        assertThatThrownBy(net::eval).hasMessageContaining("DeepNet.layers");
    }

    @Test
    void theModuleListVersionRegistersAll123Layers() {
        FixedDeepNet net = new FixedDeepNet();
        assertThat(net.parameters()).hasSize(246);
        assertThat(net.namedParameters()).containsKey("layers.122.bias");
    }

    @Test
    void arraysMapsAndNestedCollectionsAreCaughtToo() {
        class WithArray extends Module {
            final Module[] blocks = {new Identity(), new Linear(1, 1)};

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        class WithMap extends Module {
            final Map<String, List<Linear>> heads = new HashMap<>(Map.of("a", List.of(new Linear(1, 1))));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        class WithParameters extends Module {
            final List<Parameter> weights = List.of(new Parameter(Tensor.zeros(1)));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThatThrownBy(() -> new WithArray().parameters()).hasMessageContaining("field WithArray.blocks is a"
                + " Module[] holding 2 module(s)");
        assertThatThrownBy(() -> new WithMap().parameters()).hasMessageContaining("WithMap.heads")
                .hasMessageContaining("1 module(s)");
        assertThatThrownBy(() -> new WithParameters().parameters()).hasMessageContaining("WithParameters.weights")
                .hasMessageContaining("1 parameter(s)").hasMessageContaining("registerParameter");
    }

    @Test
    void aListOfModulesThatAreAlsoRegisteredIsFine() {
        class Registered extends Module {
            final List<Linear> layers = new ArrayList<>();

            Registered() {
                for (int i = 0; i < 3; i++) {
                    layers.add(registerModule("layer" + i, new Linear(2, 2)));
                }
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThat(new Registered().namedParameters().keySet()).containsExactly("layer0.weight", "layer0.bias",
                "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias");
    }

    @Test
    void listsOfOtherThingsAreFine() {
        class WithHistory extends Module {
            final List<Double> losses = new ArrayList<>(List.of(1.0, 0.5));
            final Linear fc = new Linear(1, 1);

            @Override
            public Tensor forward(Tensor x) {
                return fc.forward(x);
            }
        }
        assertThat(new WithHistory().parameters()).hasSize(2);
    }
}
