package gradlab.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.optim.OptimizerStateDict;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Closed forms, resuming from state dicts, and errors of the schedulers (PyTorch's values: the golden test). */
class LRSchedulerTest {

    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
    }

    static Stream<Arguments> schedulers() {
        return Stream.of(
                Arguments.of("StepLR", (Function<SGD, LRScheduler>) o -> new StepLR(o, 3, 0.5)),
                Arguments.of("MultiStepLR", (Function<SGD, LRScheduler>) o -> new MultiStepLR(o, List.of(2, 6), 0.1)),
                Arguments.of("ExponentialLR", (Function<SGD, LRScheduler>) o -> new ExponentialLR(o, 0.9)),
                Arguments.of("CosineAnnealingLR", (Function<SGD, LRScheduler>) o -> new CosineAnnealingLR(o, 7, 0.01)),
                Arguments.of("LinearLR", (Function<SGD, LRScheduler>) o -> new LinearLR(o, 0.2, 1.0, 6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void resumingFromBothStateDictsGivesTheSameLrs(String name, Function<SGD, LRScheduler> make) {
        SGD straightOpt = sgd(0.1);
        LRScheduler straight = make.apply(straightOpt);
        List<Double> expected = new ArrayList<>();
        for (int e = 0; e < 12; e++) {
            straight.step();
            expected.add(straightOpt.paramGroups().get(0).lr());
        }

        SGD firstOpt = sgd(0.1);
        LRScheduler first = make.apply(firstOpt);
        for (int e = 0; e < 5; e++) {
            first.step();
        }
        OptimizerStateDict savedOpt = firstOpt.stateDict();
        Map<String, Object> savedSched = first.stateDict();

        SGD opt = sgd(0.1);                        // build both as before, then load the optimizer, then the scheduler
        LRScheduler resumed = make.apply(opt);
        opt.loadStateDict(savedOpt);
        resumed.loadStateDict(savedSched);
        List<Double> got = new ArrayList<>(expected.subList(0, 5));
        for (int e = 5; e < 12; e++) {
            resumed.step();
            got.add(opt.paramGroups().get(0).lr());
        }
        assertThat(got).as(name).containsExactlyElementsOf(expected);
        assertThat(resumed.lastEpoch()).isEqualTo(12);
    }

    @Test
    void closedForms() {
        SGD a = sgd(0.1);
        StepLR step = new StepLR(a, 30);
        SGD b = sgd(0.1);
        CosineAnnealingLR cos = new CosineAnnealingLR(b, 50, 0.001);
        SGD c = sgd(0.1);
        ExponentialLR exp = new ExponentialLR(c, 0.97);
        for (int e = 0; e <= 100; e++) {
            assertThat(a.paramGroups().get(0).lr()).isCloseTo(0.1 * Math.pow(0.1, e / 30), within(1e-15));
            if (e <= 50) {
                assertThat(b.paramGroups().get(0).lr())
                        .isCloseTo(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * e / 50)) / 2, within(1e-14));
            }
            assertThat(c.paramGroups().get(0).lr()).isCloseTo(0.1 * Math.pow(0.97, e), within(1e-14));
            step.step();
            cos.step();
            exp.step();
        }
    }

    @Test
    void linearWarmupFromTheJavadoc() {
        SGD o = sgd(0.1);
        LinearLR warmup = new LinearLR(o, 0.25, 1.0, 4);
        double[] expected = {0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1};
        for (double lr : expected) {
            assertThat(warmup.getLastLr().get(0)).isCloseTo(lr, within(1e-15));
            warmup.step();
        }
        assertThat(o.paramGroups().get(0).getDouble("initialLr")).isEqualTo(0.1);
    }

    @Test
    void plateauCutsAfterPatienceBadEpochsAndResumesFromItsStateDict() {
        SGD o = sgd(1.0);
        ReduceLROnPlateau p = new ReduceLROnPlateau(o, ReduceLROnPlateau.options().patience(2).factor(0.5));
        double[] losses = {1.0, 1.0, 1.0, 0.99999, 1.0};
        p.step(losses[0]);                              // best 1.0
        p.step(losses[1]);                              // bad 1
        p.step(losses[2]);                              // bad 2
        assertThat(o.paramGroups().get(0).lr()).isEqualTo(1.0);
        p.step(losses[3]);                              // not better by 1e-4 relative: bad 3 > patience: cut
        assertThat(o.paramGroups().get(0).lr()).isEqualTo(0.5);
        assertThat(p.numBadEpochs()).isZero();

        Map<String, Object> saved = p.stateDict();
        SGD o2 = sgd(0.5);
        ReduceLROnPlateau q = new ReduceLROnPlateau(o2, ReduceLROnPlateau.options().patience(2).factor(0.5));
        q.loadStateDict(saved);
        assertThat(q.best()).isEqualTo(1.0);
        for (int i = 0; i < 3; i++) {
            p.step(2.0);
            q.step(2.0);
        }
        assertThat(o2.paramGroups().get(0).lr()).isEqualTo(o.paramGroups().get(0).lr()).isEqualTo(0.25);
    }

    @Test
    void aDamagedStateDictIsAClearErrorAndChangesNothing() {
        StepLR s = new StepLR(sgd(0.1), 3);
        s.step();
        Map<String, Object> good = new StepLR(sgd(0.1), 3).stateDict();

        Map<String, Object> noCount = new java.util.LinkedHashMap<>(good);
        noCount.remove("stepCount");
        assertThatThrownBy(() -> s.loadStateDict(noCount)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StepLR.loadStateDict: 'stepCount' is missing, expected a whole number (int)");
        Map<String, Object> textEpoch = new java.util.LinkedHashMap<>(good);
        textEpoch.put("lastEpoch", "7");
        assertThatThrownBy(() -> s.loadStateDict(textEpoch))
                .hasMessageContaining("'lastEpoch' is the text \"7\", expected a whole number (int)");
        Map<String, Object> twoLrs = new java.util.LinkedHashMap<>(good);
        twoLrs.put("lastLr", List.of(0.1, 0.2));
        assertThatThrownBy(() -> s.loadStateDict(twoLrs))
                .hasMessageContaining("'lastLr' is [0.1, 0.2], expected a list of 1 numbers, one per param"
                        + " group");
        assertThat(s.lastEpoch()).as("unchanged").isEqualTo(1);

        ReduceLROnPlateau p = new ReduceLROnPlateau(sgd(0.1));
        Map<String, Object> noBest = new java.util.LinkedHashMap<>(p.stateDict());
        noBest.remove("best");
        assertThatThrownBy(() -> p.loadStateDict(noBest))
                .hasMessageContaining("ReduceLROnPlateau.loadStateDict: 'best' is missing, expected a number");
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> new StepLR(sgd(0.1), 0)).hasMessageContaining("stepSize is 0");
        assertThatThrownBy(() -> new CosineAnnealingLR(sgd(0.1), 0)).hasMessageContaining("tMax is 0");
        assertThatThrownBy(() -> new LinearLR(sgd(0.1), 0.0, 1.0, 5)).hasMessageContaining("startFactor is 0.0");
        assertThatThrownBy(() -> new LinearLR(sgd(0.1), 0.5, 1.5, 5)).hasMessageContaining("endFactor is 1.5");
        assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.options().factor(1.0)))
                .hasMessageContaining("factor is 1.0");
        assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.options().minLrs(0.1, 0.2)))
                .hasMessageContaining("expected 1 minLrs (one per param group), got 2");
        StepLR s = new StepLR(sgd(0.1), 3);
        assertThatThrownBy(() -> s.loadStateDict(new ExponentialLR(sgd(0.1), 0.9).stateDict()))
                .hasMessageContaining("saved by ExponentialLR, not by StepLR");
    }
}
