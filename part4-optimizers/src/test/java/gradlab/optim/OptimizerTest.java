package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every optimizer shares: groups, skipping, no-grad in-place updates, zeroGrad, state dicts and their errors. */
class OptimizerTest {

    /** Every optimizer, in a configuration that uses all of its state (momentum, amsgrad, centered, ...). */
    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("SGD nesterov", (Function<List<Tensor>, Optimizer>) ps ->
                        new SGD(ps, SGD.options(0.05).momentum(0.9).nesterov(true).weightDecay(0.01))),
                Arguments.of("SGD dampening", (Function<List<Tensor>, Optimizer>) ps ->
                        new SGD(ps, SGD.options(0.05).momentum(0.8).dampening(0.3))),
                Arguments.of("Adam amsgrad", (Function<List<Tensor>, Optimizer>) ps ->
                        new Adam(ps, Adam.options().lr(0.05).amsgrad(true).weightDecay(0.1))),
                Arguments.of("AdamW", (Function<List<Tensor>, Optimizer>) ps ->
                        new AdamW(ps, AdamW.options().lr(0.05).weightDecay(0.1))),
                Arguments.of("RMSprop centered momentum", (Function<List<Tensor>, Optimizer>) ps ->
                        new RMSprop(ps, RMSprop.options().lr(0.01).centered(true).momentum(0.5))),
                Arguments.of("Adagrad", (Function<List<Tensor>, Optimizer>) ps ->
                        new Adagrad(ps, Adagrad.options().lr(0.1).lrDecay(0.01).initialAccumulatorValue(0.1))));
    }

    /** A fixed least-squares problem: loss = mean((X w + b - y)^2) with w [3], b [1]. */
    private static final Tensor X = Tensor.of(new double[][] {{1, 2, 0.5}, {0, -1, 2}, {3, 0.2, -1}, {-1, 1, 1}});
    private static final Tensor Y = Tensor.of(1.0, -2.0, 0.5, 3.0);

    private static List<Tensor> freshParams() {
        return new ArrayList<>(List.of(Tensor.of(0.5, -0.3, 0.8).requiresGrad(true),
                Tensor.of(0.1).requiresGrad(true)));
    }

    private static Tensor loss(List<Tensor> ps) {
        return X.mm(ps.get(0).unsqueeze(1)).squeeze(1).add(ps.get(1)).sub(Y).pow(2).mean();
    }

    private static void train(Optimizer opt, List<Tensor> ps, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            loss(ps).backward();
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingFromAStateDictIsBitForBitTheSameAsNotStopping(String name, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> straight = freshParams();
        train(make.apply(straight), straight, 9);

        List<Tensor> first = freshParams();
        Optimizer before = make.apply(first);
        train(before, first, 5);
        OptimizerStateDict saved = before.stateDict();
        train(before, first, 3);                  // keep using the old optimizer: the saved dict must not change

        List<Tensor> resumed = new ArrayList<>();  // a "new process": new tensors holding the values at step 5
        List<Tensor> atFive = freshParams();
        train(make.apply(atFive), atFive, 5);
        for (Tensor p : atFive) {
            resumed.add(Tensor.of(p.shape(), p.toDoubleArray()).requiresGrad(true));
        }
        Optimizer after = make.apply(resumed);
        after.loadStateDict(saved);
        train(after, resumed, 4);

        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i).toDoubleArray()).as(name + " parameter " + i)
                    .containsExactly(straight.get(i).toDoubleArray());
        }
        assertThat(saved.state()).containsOnlyKeys(0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepUpdatesInPlaceWithoutRecordingAndSkipsParametersWithoutGrad(String name,
                                                                        Function<List<Tensor>, Optimizer> make) {
        List<Tensor> ps = freshParams();
        Tensor unused = Tensor.of(7.0, 8.0).requiresGrad(true);
        Tensor frozen = Tensor.of(1.0, 2.0, 3.0);           // requiresGrad false: never gets a grad
        List<Tensor> all = List.of(ps.get(0), ps.get(1), unused, frozen);
        Optimizer opt = make.apply(all);
        Tensor w = ps.get(0);
        double[] w0 = w.toDoubleArray();
        int version = w.version();

        opt.zeroGrad();
        frozen.add(1).sum();                                 // computing with it records nothing
        loss(ps).backward();
        opt.step();

        assertThat(w.toDoubleArray()).as(name + ": w moved").isNotEqualTo(w0);
        assertThat(w.version()).as("updated in place").isGreaterThan(version);
        assertThat(w.isLeaf()).isTrue();
        assertThat(w.gradFn()).isNull();
        assertThat(unused.toDoubleArray()).containsExactly(7.0, 8.0);
        assertThat(frozen.toDoubleArray()).containsExactly(1.0, 2.0, 3.0);
        assertThat(opt.state(unused)).isEmpty();
        assertThat(opt.state(frozen)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void float32ParametersStayFloat32(String name, Function<List<Tensor>, Optimizer> make) {
        Tensor w = Tensor.of(0.5, -0.3).to(DType.FLOAT32).requiresGrad(true);
        Optimizer opt = make.apply(List.of(w));
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            w.mul(w).sum().backward();
            opt.step();
        }
        assertThat(w.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Math.abs(w.get(0))).as(name + " decreases |w| on w^2").isLessThan(0.5);
    }

    @Test
    void zeroGradSetsToNullByDefaultOrFillsWithZeros() {
        List<Tensor> ps = freshParams();
        SGD sgd = new SGD(ps, 0.1);
        loss(ps).backward();
        Tensor g = ps.get(0).grad();
        sgd.zeroGrad(false);
        assertThat(ps.get(0).grad()).isSameAs(g);
        assertThat(g.toDoubleArray()).containsOnly(0.0);
        sgd.zeroGrad();
        assertThat(ps.get(0).grad()).isNull();
        assertThat(ps.get(1).grad()).isNull();
    }

    @Test
    void zeroGradToZerosStillMovesAParameterUnderMomentumButNullDoesNot() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(1.0).requiresGrad(true);
        SGD sgd = new SGD(List.of(a, b), SGD.options(0.1).momentum(0.9));
        a.add(b).sum().backward();
        sgd.step();                                     // both move by 0.1
        sgd.zeroGrad(false);                            // zero-filled grads
        a.sum().backward();                             // b is not in this loss: its grad stays 0, not null
        sgd.step();
        assertThat(b.item()).isCloseTo(0.9 - 0.1 * 0.9, within(1e-15));
        sgd.zeroGrad();                                 // null grads
        a.sum().backward();
        double bBefore = b.item();
        sgd.step();
        assertThat(b.item()).as("null grad: skipped, momentum does not carry it").isEqualTo(bBefore);
    }

    @Test
    void groupsOverrideDefaultsAndFillTheRest() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(1.0).requiresGrad(true);
        SGD sgd = SGD.ofGroups(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b)).set("lr", 0.5)),
                SGD.options(0.1).momentum(0.9));
        assertThat(sgd.paramGroups().get(0).lr()).isEqualTo(0.1);
        assertThat(sgd.paramGroups().get(1).lr()).isEqualTo(0.5);
        assertThat(sgd.paramGroups().get(1).getDouble("momentum")).isEqualTo(0.9);
        a.add(b).sum().backward();
        sgd.step();
        assertThat(a.item()).isEqualTo(0.9);
        assertThat(b.item()).isEqualTo(0.5);
    }

    @Test
    void toStringListsTheGroupsAndTheirOptions() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        SGD sgd = new SGD(List.of(a), SGD.options(0.1).momentum(0.9));
        assertThat(sgd.toString()).isEqualTo("SGD (group 0: 1 params, lr=0.1, momentum=0.9, dampening=0.0,"
                + " weightDecay=0.0, nesterov=false, maximize=false)");
    }

    @Test
    void addParamGroupUsesTheDefaults() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(a), 0.01);
        adam.addParamGroup(new ParamGroup(List.of(b)).set("beta1", 0.5));
        assertThat(adam.paramGroups()).hasSize(2);
        assertThat(adam.paramGroups().get(1).lr()).isEqualTo(0.01);
        assertThat(adam.paramGroups().get(1).getDouble("beta1")).isEqualTo(0.5);
        assertThatThrownBy(() -> adam.addParamGroup(new ParamGroup(List.of(a))))
                .hasMessageContaining("already appears in another group");
    }

    @Test
    void stepWithAClosureReturnsTheLoss() {
        List<Tensor> ps = freshParams();
        SGD sgd = new SGD(ps, 0.01);
        double expected = loss(ps).item();
        double got = sgd.step(() -> {
            sgd.zeroGrad();
            Tensor l = loss(ps);
            l.backward();
            return l;
        });
        assertThat(got).isEqualTo(expected);
        assertThat(loss(ps).item()).isLessThan(expected);
    }

    @Test
    void badConstructionsAreClearErrors() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessageContaining("empty parameter list");
        assertThatThrownBy(() -> new SGD(List.of(a, a), 0.1)).hasMessageContaining("parameter 1 of param group 0")
                .hasMessageContaining("already appears");
        assertThatThrownBy(() -> new SGD(List.of(a.mul(2)), 0.1)).hasMessageContaining("not a leaf")
                .hasMessageContaining("MulBackward");
        assertThatThrownBy(() -> SGD.ofGroups(List.of(new ParamGroup(List.of(a)).set("betas", 0.9)),
                SGD.options(0.1))).hasMessageContaining("unknown option 'betas'").hasMessageContaining("momentum");
        assertThatThrownBy(() -> new SGD(List.of(a), -0.1)).hasMessageContaining("invalid lr -0.1")
                .hasMessageContaining("param group 0");
        assertThatThrownBy(() -> new SGD(List.of(a), SGD.options(0.1).momentum(-0.5)))
                .hasMessageContaining("invalid momentum -0.5");
        assertThatThrownBy(() -> new SGD(List.of(a), SGD.options(0.1).nesterov(true)))
                .hasMessageContaining("Nesterov momentum requires momentum > 0 and dampening = 0")
                .hasMessageContaining("momentum 0.0");
        assertThatThrownBy(() -> new SGD(List.of(a), SGD.options(0.1).momentum(0.9).dampening(0.1).nesterov(true)))
                .hasMessageContaining("dampening 0.1");
        assertThatThrownBy(() -> new Adam(List.of(a), Adam.options().betas(0.9, 1.0)))
                .hasMessageContaining("invalid beta2 1.0").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new Adam(List.of(a), Adam.options().eps(-1e-8))).hasMessageContaining("invalid eps");
        assertThatThrownBy(() -> new AdamW(List.of(a), AdamW.options().weightDecay(-1)))
                .hasMessageContaining("invalid weightDecay -1.0");
        assertThatThrownBy(() -> new RMSprop(List.of(a), RMSprop.options().alpha(-0.1)))
                .hasMessageContaining("invalid alpha -0.1");
        assertThatThrownBy(() -> new Adagrad(List.of(a), Adagrad.options().lrDecay(-1)))
                .hasMessageContaining("invalid lrDecay -1.0");
        assertThatThrownBy(() -> new Adam(List.of(a), Double.NaN)).hasMessageContaining("invalid lr NaN");
    }

    @Test
    void loadStateDictNamesWhatDoesNotMatch() {
        List<Tensor> ps = freshParams();
        SGD sgd = new SGD(ps, SGD.options(0.1).momentum(0.9));
        train(sgd, ps, 2);
        OptimizerStateDict dict = sgd.stateDict();

        Tensor a = Tensor.of(1.0).requiresGrad(true);
        SGD twoGroups = SGD.ofGroups(List.of(new ParamGroup(freshParams()), new ParamGroup(List.of(a))),
                SGD.options(0.1).momentum(0.9));
        assertThatThrownBy(() -> twoGroups.loadStateDict(dict))
                .hasMessageContaining("the state dict has 1 param groups but this optimizer has 2");

        SGD fewer = new SGD(List.of(Tensor.of(0.0, 0.0, 0.0).requiresGrad(true)), SGD.options(0.1).momentum(0.9));
        assertThatThrownBy(() -> fewer.loadStateDict(dict))
                .hasMessageContaining("param group 0 has 2 parameters in the state dict but 1 in this optimizer");

        SGD otherShape = new SGD(List.of(Tensor.zeros(4).requiresGrad(true), Tensor.zeros(1).requiresGrad(true)),
                SGD.options(0.1).momentum(0.9));
        assertThatThrownBy(() -> otherShape.loadStateDict(dict))
                .hasMessageContaining("state 'momentum_buffer' of parameter 0 has shape [3] but the parameter has"
                        + " shape [4]");
        assertThat(otherShape.state(otherShape.paramGroups().get(0).params().get(0))).as("unchanged").isEmpty();

        Adam adam = new Adam(freshParams(), 0.1);
        assertThatThrownBy(() -> adam.loadStateDict(dict))
                .hasMessageContaining("has option 'momentum', which Adam does not have");

        Map<String, Object> shuffled = new LinkedHashMap<>(dict.paramGroups().get(0));
        shuffled.put("params", List.of(1, 0));                 // the state of "0" would go to the wrong tensor
        OptimizerStateDict renumbered = new OptimizerStateDict(dict.state(), List.of(shuffled));
        assertThatThrownBy(() -> sgd.loadStateDict(renumbered))
                .hasMessageContaining("param group 0 lists parameters [1, 0] but [0, 1] were expected");

        Map<String, Object> flagAsNumber = new LinkedHashMap<>(dict.paramGroups().get(0));
        flagAsNumber.put("nesterov", 1.0);
        assertThatThrownBy(() -> sgd.loadStateDict(new OptimizerStateDict(dict.state(), List.of(flagAsNumber))))
                .hasMessageContaining("param group 0 has option 'nesterov' = 1.0, but SGD's nesterov is a flag");
        Map<String, Object> negativeLr = new LinkedHashMap<>(dict.paramGroups().get(0));
        negativeLr.put("lr", -0.5);
        assertThatThrownBy(() -> sgd.loadStateDict(new OptimizerStateDict(dict.state(), List.of(negativeLr))))
                .hasMessageContaining("SGD: invalid lr -0.5 in param group 0 of the state dict; lr must be a finite number >= 0");
        assertThat(sgd.paramGroups().get(0).lr()).as("unchanged").isEqualTo(0.1);
    }

    @Test
    void theStateDictHoldsPyTorchsNamesAndTheGroupOptions() {
        List<Tensor> ps = freshParams();
        Adam adam = new Adam(ps, Adam.options().lr(0.01).amsgrad(true));
        train(adam, ps, 3);
        OptimizerStateDict dict = adam.stateDict();
        assertThat(dict.state().get(0)).containsOnlyKeys("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        assertThat(dict.state().get(0).get("step").item()).isEqualTo(3.0);
        Map<String, Object> group = new LinkedHashMap<>(dict.paramGroups().get(0));
        assertThat(group).containsEntry("lr", 0.01).containsEntry("amsgrad", true)
                .containsEntry("params", List.of(0, 1));
    }
}
