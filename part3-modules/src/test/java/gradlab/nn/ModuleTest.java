package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration by fields and by name, dotted names, the tree walks, modes, grads and freezing. */
class ModuleTest {

    /** y = x * scale + shift, elementwise: two parameters in fields. */
    static final class Affine extends Module {
        final Parameter scale;
        final Parameter shift;

        Affine(int n) {
            scale = new Parameter(Tensor.ones(n));
            shift = new Parameter(Tensor.zeros(n));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(scale).add(shift);
        }
    }

    /** Two Affine children in fields, one more registered by name, and a buffer. */
    static final class Net extends Module {
        final Affine first = new Affine(3);
        final Affine second = new Affine(3);
        final int notAModule = 7;
        final String alsoNot = "x";
        Affine unset;

        Net() {
            registerModule("extra", new Affine(3));
            registerBuffer("steps", Tensor.scalar(0));
        }

        @Override
        public Tensor forward(Tensor x) {
            return second.forward(first.forward(x));
        }
    }

    @Test
    void fieldsRegisterInDeclarationOrderThenRegisteredOnes() {
        Net net = new Net();
        assertThat(net.namedChildren().keySet()).containsExactly("first", "second", "extra");
        assertThat(net.namedParameters().keySet()).containsExactly("first.scale", "first.shift", "second.scale",
                "second.shift", "extra.scale", "extra.shift");
        assertThat(net.parameters()).hasSize(6).first().isSameAs(net.first.scale);
        assertThat(net.namedModules().keySet()).containsExactly("", "first", "second", "extra");
        assertThat(net.namedModules().get("")).isSameAs(net);
        assertThat(net.namedBuffers().keySet()).containsExactly("steps");
    }

    @Test
    void aFieldAssignedLaterIsSeen() {
        Net net = new Net();
        net.unset = new Affine(2);
        assertThat(net.namedChildren().keySet()).containsExactly("first", "second", "unset", "extra");
    }

    @Test
    void superclassFieldsComeFirst() {
        class Base extends Module {
            final Parameter a = new Parameter(Tensor.zeros(1));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        class Derived extends Base {
            final Parameter b = new Parameter(Tensor.zeros(1));
        }
        assertThat(new Derived().namedParameters().keySet()).containsExactly("a", "b");
    }

    @Test
    void sharedParametersAndModulesAreListedOnce() {
        Affine shared = new Affine(2);
        Sequential seq = new Sequential(shared, new Affine(2), shared);
        assertThat(seq.namedParameters().keySet()).containsExactly("0.scale", "0.shift", "1.scale", "1.shift");
        assertThat(seq.modules()).hasSize(3);
    }

    @Test
    void sequentialChainsAndNamesChildrenByPosition() {
        Affine a = new Affine(2);
        Affine b = new Affine(2);
        try (var g = Tensor.noGrad()) {
            a.scale.fill(2);
            b.shift.fill(1);
        }
        Sequential seq = new Sequential(a, b);
        assertThat(seq.forward(Tensor.of(1, 3)).toDoubleArray()).containsExactly(3, 7);
        assertThat(seq.get(-1)).isSameAs(b);
        assertThat(seq.namedParameters().keySet()).containsExactly("0.scale", "0.shift", "1.scale", "1.shift");
    }

    @Test
    void nestedNamesAreDottedPaths() {
        class Model extends Module {
            final ModuleList layers = new ModuleList(new Affine(1), new Affine(1));
            final Sequential head = new Sequential(new Affine(1));

            @Override
            public Tensor forward(Tensor x) {
                for (Module m : layers) {
                    x = m.forward(x);
                }
                return head.forward(x);
            }
        }
        assertThat(new Model().namedParameters().keySet()).containsExactly("layers.0.scale", "layers.0.shift",
                "layers.1.scale", "layers.1.shift", "head.0.scale", "head.0.shift");
        assertThat(new Model().namedModules().keySet()).containsExactly("", "layers", "layers.0", "layers.1", "head",
                "head.0");
    }

    @Test
    void trainAndEvalReachEverySubmodule() {
        Net net = new Net();
        assertThat(net.isTraining()).isTrue();
        net.eval();
        for (Module m : net.modules()) {
            assertThat(m.isTraining()).as(m.toString()).isFalse();
        }
        net.train();
        assertThat(net.modules()).allMatch(Module::isTraining);
        net.second.eval();
        assertThat(net.isTraining()).isTrue();
        assertThat(net.second.isTraining()).isFalse();
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Net net = new Net();
        net.forward(Tensor.of(1, 2, 3)).sum().backward();
        assertThat(net.first.scale.grad().toDoubleArray()).containsExactly(1, 2, 3);
        net.zeroGrad();
        assertThat(net.parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void frozenParametersGetNoGradientButAreStillListed() {
        Net net = new Net();
        net.first.requiresGrad(false);
        net.forward(Tensor.of(1, 2, 3)).sum().backward();
        assertThat(net.first.scale.grad()).isNull();
        assertThat(net.first.shift.grad()).isNull();
        // d/d scale2 of sum(x * s1 * s2 + ...) = x * s1 = x
        assertThat(net.second.scale.grad().toDoubleArray()).containsExactly(1, 2, 3);
        assertThat(net.parameters()).hasSize(6).contains(net.first.scale);
        assertThat(net.parameters().stream().filter(Tensor::requiresGrad)).hasSize(4);
    }

    @Test
    void namesAreChecked() {
        Net net = new Net();
        assertThatThrownBy(() -> net.registerModule("first", new Affine(1)))
                .hasMessageContaining("already has a module, parameter or buffer named 'first'");
        assertThatThrownBy(() -> net.registerParameter("a.b", new Parameter(Tensor.zeros(1))))
                .hasMessageContaining("contain no '.'");
        assertThatThrownBy(() -> net.registerBuffer("w", new Parameter(Tensor.zeros(1))))
                .hasMessageContaining("is a Parameter");
    }

    @Test
    void parameterSharesStorageAndIsALeafThatRequiresGrad() {
        Tensor data = Tensor.of(1, 2);
        Parameter p = new Parameter(data);
        assertThat(p.requiresGrad()).isTrue();
        assertThat(p.isLeaf()).isTrue();
        assertThat(p.sharesStorageWith(data)).isTrue();
        assertThat(new Parameter(data, false).requiresGrad()).isFalse();
        assertThat(p.toString()).startsWith("Parameter containing:\ntensor(");
    }

    @Test
    void printsLikePyTorch() {
        Sequential seq = new Sequential(new Affine(1), new Sequential(new Affine(1)));
        assertThat(seq.toString())
                .isEqualTo("Sequential(\n  (0): Affine()\n  (1): Sequential(\n    (0): Affine()\n  )\n)");
    }

    @Test
    void modulesInAPlainListAreCaught() {
        class Hidden extends Module {
            final List<Affine> layers = new ArrayList<>();

            Hidden() {
                for (int i = 0; i < 3; i++) {
                    layers.add(new Affine(1));
                }
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThatThrownBy(() -> new Hidden().parameters())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Hidden.layers")
                .hasMessageContaining("3 module(s)")
                .hasMessageContaining("ModuleList");
    }

    @Test
    void moduleListHoldsModulesAndRefusesForward() {
        ModuleList list = new ModuleList();
        list.add(new Affine(1)).add(new Affine(1));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.parameters()).hasSize(4);
        assertThatThrownBy(() -> list.forward(Tensor.of(1))).hasMessageContaining("ModuleList has no forward");
        assertThat(Map.copyOf(list.namedChildren())).containsOnlyKeys("0", "1");
    }
    @Test
    void aParameterInAFieldDeclaredAsTensorIsRegistered() {
        class Declared extends Module {
            final Tensor weight = new Parameter(Tensor.zeros(2));
            final Tensor notAParameter = Tensor.zeros(2);

            @Override
            public Tensor forward(Tensor x) {
                return x.mul(weight);
            }
        }
        assertThat(new Declared().namedParameters().keySet()).containsExactly("weight");
    }

    @Test
    void anInnerModuleDoesNotRegisterItsEnclosingModule() {
        class Outer extends Module {
            final Parameter w = new Parameter(Tensor.ones(1));
            final Module inner = new Module() {   // holds a hidden reference to Outer.this
                final Parameter v = new Parameter(Tensor.ones(1));

                @Override
                public Tensor forward(Tensor x) {
                    return x.mul(v).mul(w);
                }
            };

            @Override
            public Tensor forward(Tensor x) {
                return inner.forward(x);
            }
        }
        Outer o = new Outer();
        assertThat(o.namedParameters().keySet()).containsExactly("w", "inner.v");
        assertThat(o.namedModules()).hasSize(2);
    }

    @Test
    void aBackReferenceToTheParentIsListedOnceAndPrintedAsACycle() {
        class Child extends Module {
            Module parent;
            final Parameter p = new Parameter(Tensor.ones(1));

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        class Parent extends Module {
            final Child child = new Child();

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        Parent parent = new Parent();
        parent.child.parent = parent;
        assertThat(parent.namedModules().keySet()).containsExactly("", "child");
        assertThat(parent.namedParameters().keySet()).containsExactly("child.p");
        assertThat(parent.stateDict().keySet()).containsExactly("child.p");
        assertThat(parent.toString()).isEqualTo("Parent(\n  (child): Child(\n    (parent): Parent(<cycle>)\n  )\n)");
    }

    @Test
    void buffersAreReplacedByRegisteringAgainAndReadByName() {
        Net net = new Net();
        Tensor steps = Tensor.scalar(5);
        net.registerBuffer("steps", steps);
        assertThat(net.buffer("steps")).isSameAs(steps);
        assertThat(net.stateDict().get("steps").item()).isEqualTo(5);
        assertThatThrownBy(() -> net.buffer("nope")).hasMessageContaining("has no buffer 'nope'; it has [steps]");
    }

    @Test
    void requiresGradOnAModuleFreezesAndUnfreezesAllItsParameters() {
        Net net = new Net();
        net.requiresGrad(false);
        assertThat(net.parameters()).noneMatch(Tensor::requiresGrad);
        net.second.requiresGrad(true);
        assertThat(net.second.parameters()).allMatch(Tensor::requiresGrad);
        assertThat(net.first.scale.requiresGrad()).isFalse();
    }
}
