package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * backward sorts the graph with its own stack, so depth is limited by memory, not by the Java call stack: a chain
 * of 1,000,000 operations backpropagates without StackOverflowError. (A recursive sort overflows at a few
 * thousand.) Its time is measured by a benchmark command, not here:
 * {@code ./mvnw -q -pl part1-scalar-autograd -am test-compile exec:java@chain-bench} ({@code LongChainBench}).
 */
class LongChainTest {

    /** y = x + 1e-6 + 1e-6 + ... (1,000,000 additions), then y * 1: dy/dx = 1; y = x + 1. */
    @Test
    void millionOperationChainBackpropagates() {
        int n = 1_000_000;
        Value x = Value.of(0.5);
        Value y = x;
        for (int k = 0; k < n; k++) {
            y = y.add(1e-6);
        }
        y.backward();
        assertThat(y.data()).isCloseTo(1.5, within(1e-6));
        assertThat(x.grad()).isEqualTo(1.0);
    }

    /** A chain of multiplications: y = x * 1.000001^n, so dy/dx = 1.000001^n = e^(n ln 1.000001). */
    @Test
    void millionMultiplicationsCarryTheProductOfLocalGradients() {
        int n = 1_000_000;
        Value x = Value.of(2);
        Value y = x;
        for (int k = 0; k < n; k++) {
            y = y.mul(1.000001);
        }
        y.backward();
        double expected = Math.exp(n * Math.log(1.000001));
        assertThat(x.grad()).isCloseTo(expected, within(1e-6 * expected));
    }
}
