package gradlab.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Outputs and gradients against PyTorch's, from {@code golden.json} (written by {@code make_golden.py} beside it,
 * with torch.nn.functional in float64; see the script for how to regenerate). Each case feeds the same inputs,
 * backpropagates the same upstream gradient u (loss = sum(u * y)) and compares the output and every gradient to
 * 1e-10 relative.
 */
class GoldenValuesTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    /** One case: the named inputs (differentiable ones first in "inputs") and constants. */
    private record Case(Map<String, Tensor> in, Map<String, Tensor> constants) {
        Tensor x(String name) {
            return in.containsKey(name) ? in.get(name) : constants.get(name);
        }
    }

    private static final Map<String, java.util.function.Function<Case, Tensor>> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("gelu_none", c -> Activations.gelu(c.x("x")));
        CALLS.put("gelu_tanh", c -> Activations.gelu(c.x("x"), GeluApproximation.TANH));
        CALLS.put("softmax_dim1", c -> Activations.softmax(c.x("x"), 1));
        CALLS.put("log_softmax_dim0", c -> Activations.logSoftmax(c.x("x"), 0));
        CALLS.put("leaky_relu_0.2", c -> Activations.leakyRelu(c.x("x"), 0.2));
        CALLS.put("layer_norm_last2", c -> Normalization.layerNorm(c.x("x"), new int[] {3, 4}, c.x("weight"),
                c.x("bias"), 1e-5));
        for (Reduction r : Reduction.values()) {
            String s = r.name().toLowerCase();
            CALLS.put("mse_" + s, c -> Losses.mseLoss(c.x("input"), c.x("target"), r));
            CALLS.put("l1_" + s, c -> Losses.l1Loss(c.x("input"), c.x("target"), r));
            CALLS.put("cross_entropy_" + s, c -> Losses.crossEntropy(c.x("input"), c.x("target"), r));
            CALLS.put("nll_" + s, c -> Losses.nllLoss(c.x("input"), c.x("target"), r));
            CALLS.put("bce_with_logits_" + s, c -> Losses.binaryCrossEntropyWithLogits(c.x("input"), c.x("target"), r));
        }
        CALLS.put("cross_entropy_weight_ignore_mean", c -> Losses.crossEntropy(c.x("input"), c.x("target"),
                c.x("weight"), -100, Reduction.MEAN));
        CALLS.put("cross_entropy_kdim_mean", c -> Losses.crossEntropy(c.x("input"), c.x("target")));
        CALLS.put("bce_with_logits_pos_weight_mean", c -> Losses.binaryCrossEntropyWithLogits(c.x("input"),
                c.x("target"), c.x("pos_weight"), Reduction.MEAN));
    }

    private static JsonNode golden() throws IOException {
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream("golden.json")) {
            assertThat(in).as("golden.json on the test classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Tensor tensor(JsonNode node) {
        JsonNode shapeNode = node.get("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
        }
        JsonNode v = node.get("values");
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i).asDouble();
        }
        return Tensor.of(shape, values);
    }

    private static Map<String, Tensor> tensors(JsonNode object, boolean requiresGrad) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), tensor(e.getValue()).requiresGrad(requiresGrad));
        }
        return out;
    }

    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("%s[%d]: GradLab %s vs PyTorch %s", what, i, a[i], e[i])
                    .isLessThanOrEqualTo(ATOL + RTOL * Math.abs(e[i]));
        }
    }

    /** Runs one case: output and gradients w.r.t. the case's differentiable inputs. */
    private static void check(JsonNode c, java.util.function.Function<Case, Tensor> call) {
        Map<String, Tensor> in = tensors(c.get("inputs"), false);
        Map<String, Tensor> grads = tensors(c.get("grads"), false);
        for (String name : grads.keySet()) {
            in.get(name).requiresGrad(true);
        }
        Case cs = new Case(in, tensors(c.get("constants"), false));
        Tensor y = call.apply(cs);
        assertClose("output", y, tensor(c.get("output")));
        List<Tensor> wrt = new ArrayList<>();
        for (String name : grads.keySet()) {
            wrt.add(in.get(name));
        }
        Tensor[] g = Engine.grad(y.mul(tensor(c.get("upstream"))).sum(), null, wrt.toArray(new Tensor[0]), false,
                false);
        int i = 0;
        for (Map.Entry<String, Tensor> e : grads.entrySet()) {
            assertClose("d/d " + e.getKey(), g[i++], e.getValue());
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("cases")) {
            String name = c.get("name").asText();
            if (name.startsWith("batch_norm")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertThat(CALLS).as("a Java call for golden case " + name).containsKey(name);
                check(c, CALLS.get(name));
            }));
        }
        assertThat(tests).hasSize(CALLS.size());
        return tests.stream();
    }

    /** Training-mode batch norm: output, gradients w.r.t. x, weight, bias, and the running statistics after. */
    @Test
    void batchNormTrainingMatchesPyTorch() throws IOException {
        JsonNode c = find("batch_norm_train_ncl");
        Tensor rm = tensor(c.get("running_mean_before"));
        Tensor rv = tensor(c.get("running_var_before"));
        check(c, k -> Normalization.batchNorm(k.x("x"), rm, rv, k.x("weight"), k.x("bias"), true, 0.1, 1e-5));
        assertClose("running_mean", rm, tensor(c.get("running_mean_after")));
        assertClose("running_var", rv, tensor(c.get("running_var_after")));
    }

    @Test
    void batchNormEvalMatchesPyTorch() throws IOException {
        JsonNode c = find("batch_norm_eval_nc");
        Tensor rm = tensor(c.get("running_mean_before"));
        Tensor rv = tensor(c.get("running_var_before"));
        check(c, k -> Normalization.batchNorm(k.x("x"), rm, rv, k.x("weight"), k.x("bias"), false, 0.1, 1e-5));
    }

    private static JsonNode find(String name) throws IOException {
        for (JsonNode c : golden().get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("golden.json has no case " + name + "; regenerate it with make_golden.py");
    }
}
