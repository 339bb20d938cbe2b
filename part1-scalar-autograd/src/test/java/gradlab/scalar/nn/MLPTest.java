package gradlab.scalar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import gradlab.scalar.value.Value;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MLPTest {

    @Test
    void parametersAreEveryWeightAndBias() {
        MLP mlp = new MLP(2, new int[] {16, 16, 1}, new Random(0));
        // (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 = 48 + 272 + 17
        assertThat(mlp.parameters()).hasSize(337);
        assertThat(new Neuron(3, true, new Random(0)).parameters()).hasSize(4);
        assertThat(new Layer(3, 4, true, new Random(0)).parameters()).hasSize(16);
    }

    @Test
    void sameSeedSameNetwork() {
        List<Value> a = new MLP(2, new int[] {4, 1}, new Random(5)).parameters();
        List<Value> b = new MLP(2, new int[] {4, 1}, new Random(5)).parameters();
        assertThat(a).extracting(Value::data).isEqualTo(b.stream().map(Value::data).toList());
    }

    @Test
    void zeroGradClearsEveryParameter() {
        MLP mlp = new MLP(2, new int[] {3, 1}, new Random(1));
        mlp.applyScalar(0.5, -1).backward();
        assertThat(mlp.parameters()).anyMatch(p -> p.grad() != 0);
        mlp.zeroGrad();
        assertThat(mlp.parameters()).allMatch(p -> p.grad() == 0);
    }

    @Test
    void wrongInputCountIsAClearError() {
        MLP mlp = new MLP(2, new int[] {3, 1}, new Random(1));
        assertThatThrownBy(() -> mlp.applyScalar(1, 2, 3))
                .hasMessage("the neuron has 2 weights but got 3 inputs");
    }

    /**
     * The whole network's output as a function of its 3 inputs and of all its parameters, gradchecked: every
     * weight's gradient flows through tanh layers, sums and fan-out correctly.
     */
    @ParameterizedTest(name = "MLP 3-4-3-1 case {index} (seed {0})")
    @ValueSource(longs = {0, 1, 2, 3, 4})
    void networkGradientsPassGradcheck(long seed) {
        MLP mlp = new MLP(3, new int[] {4, 3, 1}, new Random(seed));
        List<Value> params = mlp.parameters();
        Differentiable network = Differentiable.of(
                in -> new double[] {run(mlp, params, in).data()},
                (in, g) -> {
                    mlp.zeroGrad();
                    Value[] x = inputs(in[0]);
                    Value out = forward(mlp, params, in[1], x);
                    out.backward();
                    double[] dx = new double[x.length];
                    for (int j = 0; j < x.length; j++) {
                        dx[j] = g[0] * x[j].grad();
                    }
                    double[] dp = new double[params.size()];
                    for (int j = 0; j < dp.length; j++) {
                        dp[j] = g[0] * params.get(j).grad();
                    }
                    return new double[][] {dx, dp};
                });
        double[] p0 = params.stream().mapToDouble(Value::data).toArray();
        GradCheckOptions options = GradCheckOptions.defaults().seed(seed).label("MLP 3-4-3-1 (seed " + seed + ")");
        GradCheck.assertCorrect(network, options,
                Input.uniform("x", new Random(seed), -1, 1, 3), Input.vector("params", p0));
    }

    private static Value run(MLP mlp, List<Value> params, double[][] in) {
        return forward(mlp, params, in[1], inputs(in[0]));
    }

    private static Value forward(MLP mlp, List<Value> params, double[] paramValues, Value[] x) {
        for (int j = 0; j < paramValues.length; j++) {
            params.get(j).setData(paramValues[j]);
        }
        return mlp.apply(List.of(x)).get(0);
    }

    private static Value[] inputs(double[] x) {
        Value[] v = new Value[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = Value.of(x[j]);
        }
        return v;
    }
}
