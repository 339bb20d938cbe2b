package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** clipGradNorm / clipGradValue against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (golden/clipping.json). */
class GradClippingGoldenTest {
    private static final JsonNode GOLDEN = Golden.load("clipping.json");

    @TestFactory
    Stream<DynamicTest> everyClippingMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("configs")) {
            String name = c.get("kind").asText() + " limit " + c.get("limit").asDouble()
                    + (c.get("kind").asText().equals("norm") ? " normType " + c.get("normType").asText() : "");
            tests.add(DynamicTest.dynamicTest(name, () -> replay(name, c)));
        }
        return tests.stream();
    }

    private static void replay(String name, JsonNode c) {
        Tensor a = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(2).requiresGrad(true);
        Tensor noGrad = Tensor.zeros(3).requiresGrad(true);
        a.setGrad(Tensor.of(Golden.matrix(GOLDEN.get("grads").get(0))));
        b.setGrad(Tensor.of(Golden.doubles(GOLDEN.get("grads").get(1).get(0))));
        List<Tensor> params = List.of(a, b, noGrad);
        double limit = c.get("limit").asDouble();
        if (c.get("kind").asText().equals("norm")) {
            String nt = c.get("normType").asText();
            double normType = nt.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(nt);
            double total = GradClipping.clipGradNorm(params, limit, normType);
            Golden.assertClose(name + ", total norm", new double[] {total}, new double[] {c.get("totalNorm").asDouble()});
        } else {
            GradClipping.clipGradValue(params, limit);
        }
        Golden.assertClose(name + ", grad 0", a.grad().toDoubleArray(), Golden.doubles(c.get("grads").get(0)));
        Golden.assertClose(name + ", grad 1", b.grad().toDoubleArray(), Golden.doubles(c.get("grads").get(1)));
        assertThat(noGrad.grad()).isNull();
    }
}
