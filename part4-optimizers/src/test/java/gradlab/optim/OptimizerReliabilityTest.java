package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.optim.lr.StepLR;
import gradlab.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options changed after construction are checked like the constructor's; bad calls change nothing. */
class OptimizerReliabilityTest {

    private static Tensor param() {
        Tensor w = Tensor.of(1.0, -2.0).requiresGrad(true);
        w.mul(w).sum().backward();
        return w;
    }

    @Test
    void optionsSetAfterConstructionAreCheckedLikeTheConstructorsAndNothingChanges() {
        SGD sgd = new SGD(List.of(param()), SGD.options(0.1).momentum(0.9));
        ParamGroup g = sgd.paramGroups().get(0);
        Map<String, Object> before = Map.copyOf(g.options());
        assertThatThrownBy(() -> g.setLr(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SGD: invalid lr NaN in param group 0; lr must be a finite number >= 0");
        assertThatThrownBy(() -> g.set("lr", Double.POSITIVE_INFINITY))
                .hasMessageContaining("invalid lr Infinity in param group 0");
        assertThatThrownBy(() -> g.set("momentum", -1)).hasMessageContaining("invalid momentum -1.0");
        ParamGroup nesterov = new SGD(List.of(param()), SGD.options(0.1).momentum(0.9).nesterov(true))
                .paramGroups().get(0);
        assertThatThrownBy(() -> nesterov.set("dampening", 0.5)).hasMessageContaining("Nesterov momentum requires");
        assertThat(nesterov.getDouble("dampening")).isZero();
        assertThatThrownBy(() -> g.set("nesterov", 1.0)).hasMessageContaining("option 'nesterov' in param group 0"
                + " is 1.0, but nesterov is a flag");
        assertThatThrownBy(() -> g.set("lrr", 0.1)).hasMessageContaining("cannot set option 'lrr' of param group 0;"
                + " SGD's options are [lr, momentum, dampening, weightDecay, nesterov, maximize]");
        assertThatThrownBy(() -> g.set(null, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option name is 'null'");
        assertThat(g.options()).isEqualTo(before.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        g.setLr(0.5);                                                   // a valid change still works
        assertThat(g.lr()).isEqualTo(0.5);
    }

    @Test
    void aGroupBelongsToOneOptimizerAndAFailedAddLeavesItUnchanged() {
        ParamGroup g = new ParamGroup(List.of(param())).set("lr", -1);
        assertThatThrownBy(() -> SGD.ofGroups(List.of(g), SGD.options(0.1))).hasMessageContaining("invalid lr -1.0");
        assertThat(g.options()).containsOnlyKeys("lr");                  // no defaults were filled in
        g.set("lr", 0.2);                                              // still free: not owned by the failed SGD
        SGD sgd = SGD.ofGroups(List.of(g), SGD.options(0.1));
        assertThatThrownBy(() -> new Adam(List.of(param()), 0.1).addParamGroup(g))
                .hasMessageContaining("already belongs to another optimizer, SGD");
        assertThatThrownBy(() -> sgd.addParamGroup(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("param group 1 is null");
        assertThatThrownBy(() -> new Adam(List.of(param()), (AdamOptions) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Adam: options is null");
    }

    @Test
    void aClosureThatReturnsNullIsRefusedBeforeTheStep() {
        Tensor w = param();
        SGD sgd = new SGD(List.of(w), 0.1);
        assertThatThrownBy(() -> sgd.step(() -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SGD.step: the closure returned null instead of the scalar loss, so no step"
                        + " was taken");
        assertThatThrownBy(() -> sgd.step(() -> Tensor.of(1, 2)))
                .hasMessageContaining("the closure returned a tensor of shape [2]");
        assertThatThrownBy(() -> sgd.step(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closure is null");
        assertThat(w.toDoubleArray()).containsExactly(1.0, -2.0);
        assertThat(sgd.stepCount()).isZero();
    }

    @Test
    void adamAndAdamWShareTheirOptionsAndDifferOnlyInTheDefaultWeightDecay() {
        AdamOptions adam = Adam.options();
        AdamOptions adamW = AdamW.options();
        assertThat(adam.toMap()).containsEntry("weightDecay", 0.0);
        assertThat(adamW.toMap()).containsEntry("weightDecay", 1e-2);
        adam.weightDecay(1e-2);
        assertThat(adam.toMap()).isEqualTo(adamW.toMap());
        assertThatThrownBy(() -> new AdamW(List.of(param()), AdamW.options().betas(1.0, 0.999)))
                .hasMessageContaining("AdamW: invalid beta1 1.0 in param group 0; beta1 must be in [0, 1)");
    }

    @Test
    void aSchedulerSteppedBeforeItsOptimizerWarnsOnceOnStandardError() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Warnings.reset();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            SGD sgd = new SGD(List.of(param()), 0.1);
            StepLR scheduler = new StepLR(sgd, 1, 0.5);
            scheduler.step();                                     // before any sgd.step()
            scheduler.step();
            new StepLR(new SGD(List.of(param()), 0.1), 1).step();  // the same cause again: not repeated
            SGD ok = new SGD(List.of(param()), 0.1);
            StepLR after = new StepLR(ok, 1);
            ok.step();
            after.step();
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).containsExactly("GradLab warning: Detected a call of StepLR.step() before"
                + " SGD.step(). Call optimizer.step() first, then scheduler.step(); otherwise the first value of the"
                + " learning-rate schedule is skipped (as PyTorch warns since 1.1.0)");
    }
}
