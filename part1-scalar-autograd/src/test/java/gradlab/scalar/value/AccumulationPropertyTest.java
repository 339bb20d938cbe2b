package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of gradient accumulation, on random expressions from a seeded generator (a failure prints the seed
 * and the expression):
 * <ul>
 *   <li>k calls of {@code backward} leave k times the one-call gradient in every leaf (leaves accumulate);</li>
 *   <li>an intermediate value shows the gradient of the latest call only;</li>
 *   <li>after {@code zeroGrad} of the leaves, one call gives the one-call gradient again.</li>
 * </ul>
 */
class AccumulationPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest(name = "random expression case {index} (seed {0})")
    @MethodSource("seeds")
    void leavesAccumulateUntilZeroGrad(long seed) {
        Random random = new Random(seed);
        List<Value> leaves = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            leaves.add(Value.of(-1 + 2 * random.nextDouble(), "x" + i));
        }
        StringBuilder expression = new StringBuilder();
        List<Value> nodes = new ArrayList<>(leaves);
        Value last = null;
        for (int n = 0; n < 1 + random.nextInt(12); n++) {
            Value a = nodes.get(random.nextInt(nodes.size()));
            Value b = nodes.get(random.nextInt(nodes.size()));
            String name = "v" + n;
            String an = a.label();
            String bn = b.label();
            String formula;
            switch (random.nextInt(5)) {
                case 0 -> { last = a.add(b); formula = an + " + " + bn; }
                case 1 -> { last = a.mul(b).tanh(); formula = "tanh(" + an + " * " + bn + ")"; }
                case 2 -> { last = a.sigmoid().mul(b); formula = "sigmoid(" + an + ") * " + bn; }
                case 3 -> { last = a.sub(b).pow(2); formula = "(" + an + " - " + bn + ")^2"; }
                default -> { last = a.tanh().exp(); formula = "exp(tanh(" + an + "))"; }
            }
            nodes.add(last.label(name));
            expression.append(name).append(" = ").append(formula).append('\n');
        }
        Value root = last;
        Value intermediate = nodes.get(leaves.size());   // the first computed value
        int calls = 2 + random.nextInt(4);
        String context = "random expression (seed " + seed + "): " + calls + " backward calls, expression:\n"
                + expression;

        root.backward();
        double[] once = leaves.stream().mapToDouble(Value::grad).toArray();
        double intermediateOnce = intermediate.grad();
        for (int k = 1; k < calls; k++) {
            root.backward();
        }
        for (int i = 0; i < leaves.size(); i++) {
            assertThat(leaves.get(i).grad()).as(context + "leaf x" + i)
                    .isCloseTo(calls * once[i], within(1e-12 * Math.max(1, Math.abs(calls * once[i]))));
        }
        assertThat(intermediate.grad()).as(context + "intermediate value").isEqualTo(intermediateOnce);

        Value.zeroGrad(leaves);
        root.backward();
        assertThat(leaves.stream().mapToDouble(Value::grad).toArray()).as(context + "after zeroGrad")
                .containsExactly(once);
    }
}
