package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer configuration of golden/optimizers.json (written by PyTorch 1.13, see generate_golden.py) is
 * replayed here: same problem, same parameter groups, and every step's loss and parameters must match PyTorch's to
 * 1e-10 relative (relative to the larger of the new and the old value, see {@link Golden#assertClose}). Parameter 2 takes no part in the loss (grad null), so it must never move.
 */
class GoldenValuesTest {
    private static final JsonNode GOLDEN = Golden.load("optimizers.json");

    @TestFactory
    Stream<DynamicTest> everyConfigurationMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode config : GOLDEN.get("configs")) {
            tests.add(DynamicTest.dynamicTest(config.get("name").asText(), () -> replay(config)));
        }
        return tests.stream();
    }

    @Test
    void theFileCoversEveryOptimizerAndItsOptions() {
        List<String> kinds = new ArrayList<>();
        GOLDEN.get("configs").forEach(c -> kinds.add(c.get("optimizer").asText()));
        assertThat(kinds).contains("SGD", "Adam", "AdamW", "RMSprop", "Adagrad");
        assertThat(GOLDEN.get("configs").size()).isGreaterThanOrEqualTo(33);
        assertThat(GOLDEN.get("steps").asInt()).isEqualTo(8);
    }

    @AfterAll
    static void report() {
        System.out.println("[GoldenValuesTest] max relative error vs PyTorch: " + Golden.maxRelError());
    }

    private static void replay(JsonNode config) {
        String name = config.get("name").asText();
        List<Tensor> params = initialParams();
        Optimizer opt = build(config, params);
        Tensor x = Tensor.of(Golden.matrix(GOLDEN.get("X")));
        Tensor y = Tensor.of(Golden.matrix(GOLDEN.get("Y")));
        JsonNode trajectory = config.get("trajectory");
        int steps = GOLDEN.get("steps").asInt();
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            Tensor loss = loss(x, y, params);
            loss.backward();
            Golden.assertClose(name + ", loss before step " + (k + 1), new double[] {loss.item()},
                    new double[] {config.get("losses").get(k).asDouble()});
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                Golden.assertClose(name + ", step " + (k + 1) + ", parameter " + i, params.get(i).toDoubleArray(),
                        Golden.doubles(trajectory.get(k + 1).get(i)), Golden.doubles(trajectory.get(k).get(i)));
            }
        }
        assertThat(params.get(2).grad()).as("parameter 2 is not in the loss").isNull();
        assertThat(opt.state(params.get(2))).as("a skipped parameter gets no state").isEmpty();
    }

    /** loss(W, b) = mean((X W^T + b - Y)^2) + 0.01 sum(W^4), as in generate_golden.py. */
    static Tensor loss(Tensor x, Tensor y, List<Tensor> params) {
        Tensor w = params.get(0);
        Tensor b = params.get(1);
        return x.mm(w.t()).add(b).sub(y).pow(2).mean().add(w.pow(4).sum().mul(0.01));
    }

    static List<Tensor> initialParams() {
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            params.add(Golden.param(Golden.ints(GOLDEN.get("shapes").get(i)), Golden.doubles(GOLDEN.get("params0").get(i))));
        }
        return params;
    }

    /** The optimizer of a configuration: each group gets the defaults, then its own overrides. */
    static Optimizer build(JsonNode config, List<Tensor> params) {
        List<ParamGroup> groups = new ArrayList<>();
        for (JsonNode g : config.get("groups")) {
            List<Tensor> ps = new ArrayList<>();
            g.get("params").forEach(i -> ps.add(params.get(i.asInt())));
            ParamGroup group = new ParamGroup(ps);
            setAll(group, config.get("defaults"));
            setAll(group, g.get("options"));
            groups.add(group);
        }
        String kind = config.get("optimizer").asText();
        return switch (kind) {
            case "SGD" -> SGD.ofGroups(groups, SGD.options(config.get("defaults").get("lr").asDouble()));
            case "Adam" -> Adam.ofGroups(groups, Adam.options());
            case "AdamW" -> AdamW.ofGroups(groups, AdamW.options());
            case "RMSprop" -> RMSprop.ofGroups(groups, RMSprop.options());
            case "Adagrad" -> Adagrad.ofGroups(groups, Adagrad.options());
            default -> throw new IllegalArgumentException("unknown optimizer " + kind + " in optimizers.json");
        };
    }

    private static void setAll(ParamGroup group, JsonNode options) {
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            if (e.getValue().isBoolean()) {
                group.set(e.getKey(), e.getValue().asBoolean());
            } else {
                group.set(e.getKey(), e.getValue().asDouble());
            }
        }
    }
}
