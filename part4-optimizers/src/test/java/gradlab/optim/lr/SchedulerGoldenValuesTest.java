package gradlab.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gradlab.optim.Golden;
import gradlab.optim.ParamGroup;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scheduler configuration of golden/schedulers.json (PyTorch 1.13): an SGD with two groups (base lrs 0.1 and
 * 0.02), the scheduler(s) built on it, then 25 epochs of step(); every epoch's lr of every group must match.
 * ReduceLROnPlateau gets the file's metric sequence.
 */
class SchedulerGoldenValuesTest {
    private static final JsonNode GOLDEN = Golden.load("schedulers.json");

    @TestFactory
    Stream<DynamicTest> everyScheduleMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode config : GOLDEN.get("configs")) {
            tests.add(DynamicTest.dynamicTest(config.get("name").asText(), () -> replay(config)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(14);
        return tests.stream();
    }

    private static void replay(JsonNode config) {
        String name = config.get("name").asText();
        double[] base = Golden.doubles(GOLDEN.get("baseLrs"));
        SGD sgd = SGD.ofGroups(List.of(
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).set("lr", base[0]),
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).set("lr", base[1])), SGD.options(base[0]));
        List<Object> schedulers = new ArrayList<>();
        for (JsonNode s : config.get("schedulers")) {
            schedulers.add(build(sgd, s.get("kind").asText(), s.get("options")));
        }
        double[] metrics = Golden.doubles(GOLDEN.get("metrics"));
        JsonNode lrs = config.get("lrs");
        check(name, 0, sgd, lrs.get(0));
        for (int epoch = 0; epoch < GOLDEN.get("epochs").asInt(); epoch++) {
            sgd.step();
            for (Object s : schedulers) {
                if (s instanceof ReduceLROnPlateau p) {
                    p.step(metrics[epoch]);
                } else {
                    ((LRScheduler) s).step();
                }
            }
            check(name, epoch + 1, sgd, lrs.get(epoch + 1));
            Object last = schedulers.get(schedulers.size() - 1);
            List<Double> lastLr = last instanceof ReduceLROnPlateau p ? p.getLastLr() : ((LRScheduler) last).getLastLr();
            assertThat(lastLr).containsExactly(sgd.paramGroups().get(0).lr(), sgd.paramGroups().get(1).lr());
        }
    }

    private static void check(String name, int epoch, SGD sgd, JsonNode expected) {
        double[] actual = {sgd.paramGroups().get(0).lr(), sgd.paramGroups().get(1).lr()};
        Golden.assertClose(name + ", lrs after " + epoch + " scheduler steps", actual, Golden.doubles(expected));
    }

    private static Object build(SGD sgd, String kind, JsonNode o) {
        switch (kind) {
            case "StepLR":
                return o.has("gamma") ? new StepLR(sgd, o.get("stepSize").asInt(), o.get("gamma").asDouble())
                        : new StepLR(sgd, o.get("stepSize").asInt());
            case "MultiStepLR": {
                List<Integer> milestones = new ArrayList<>();
                o.get("milestones").forEach(m -> milestones.add(m.asInt()));
                return new MultiStepLR(sgd, milestones, o.get("gamma").asDouble());
            }
            case "ExponentialLR":
                return new ExponentialLR(sgd, o.get("gamma").asDouble());
            case "CosineAnnealingLR":
                return new CosineAnnealingLR(sgd, o.get("tMax").asInt(), o.path("etaMin").asDouble(0.0));
            case "LinearLR":
                return o.isEmpty() ? new LinearLR(sgd) : new LinearLR(sgd, o.path("startFactor").asDouble(1.0 / 3),
                        o.path("endFactor").asDouble(1.0), o.path("totalIters").asInt(5));
            case "ReduceLROnPlateau": {
                ReduceLROnPlateau.Options p = ReduceLROnPlateau.options()
                        .mode(o.path("mode").asText("min").equals("max") ? ReduceLROnPlateau.Mode.MAX
                                : ReduceLROnPlateau.Mode.MIN)
                        .factor(o.path("factor").asDouble(0.1))
                        .patience(o.path("patience").asInt(10))
                        .threshold(o.path("threshold").asDouble(1e-4))
                        .thresholdMode(o.path("thresholdMode").asText("rel").equals("abs")
                                ? ReduceLROnPlateau.ThresholdMode.ABS : ReduceLROnPlateau.ThresholdMode.REL)
                        .cooldown(o.path("cooldown").asInt(0))
                        .minLr(o.path("minLr").asDouble(0.0));
                if (o.has("minLrs")) {
                    p.minLrs(Golden.doubles(o.get("minLrs")));
                }
                return new ReduceLROnPlateau(sgd, p);
            }
            default:
                throw new IllegalArgumentException("unknown scheduler " + kind + " in schedulers.json");
        }
    }
}
