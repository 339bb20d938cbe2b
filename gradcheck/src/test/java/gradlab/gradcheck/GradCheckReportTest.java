package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.examples.BrokenSigmoid;
import gradlab.gradcheck.examples.MatMul;
import org.junit.jupiter.api.Test;

/** What a student reads when a check fails: the worst element, where it is, both values, errors and a hint. */
class GradCheckReportTest {

    @Test
    void failingReportNamesTheWorstElementWithItsMultiIndexValuesAndErrors() {
        // A = [[1, 2, 3], [4, 5, 6]], B = identity-like 3x2; dA scaled by 1.01 (off by 1%).
        Input a = Input.of("A", new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Input b = Input.of("B", new int[] {3, 2}, 1, 0, 0, 1, 2, 3);
        GradCheckResult result = GradCheck.check(BuggyOps.matMulOffByOnePercent(3), a, b);
        String report = result.report();

        assertThat(result.passed()).isFalse();
        assertThat(report).startsWith("gradcheck FAILED: ");
        assertThat(report).contains("inputs: A[2, 3], B[3, 2], output of 4 element(s)");
        // dY/dA[r, t] = B[t, c]; the largest entry of B is B[2, 1] = 3, reached by d out[1] / d A[0, 2]
        // (and d out[3] / d A[1, 2]): numeric 3, analytic 3.03, abs err 0.03, allowed 1e-5 + 1e-3 * 3
        assertThat(report).contains("worst: d out[1] / d A[0, 2]: numeric 3.00000000, analytic 3.03000000,"
                + " abs err 3.00e-02, rel err 9.90e-03, allowed 3.01e-03");
        assertThat(report).contains("failing per input: 'A' ").contains("'B' 0 of 30");
        // dY/dA has 8 non-negligible entries (4 outputs x the 2 nonzero B entries each reads), all 1.01 x numeric
        assertThat(report).contains("analytic = 1.01000 x numeric for every element of 'A' (8 non-negligible agree;"
                + " off by +1.00%)");
        assertThat(report).contains("input values (row-major): A = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];"
                + " B = [1.0, 0.0, 0.0, 1.0, 2.0, 3.0]");
        assertThat(report).contains("Jacobian d out / d A").contains("numeric").contains("analytic");
        assertThat(report).contains("replay: the same check with GradCheckOptions.defaults().seed(0) at the input"
                + " values above");
    }

    @Test
    void passingReportSaysHowManyDerivativesWereCheckedAndTheLargestError() {
        // [2, 1] x [1, 1]: Jacobians 2 x 2 and 2 x 1, then a vector-Jacobian product of 2 + 1 elements = 9
        GradCheckResult result = GradCheck.check(new MatMul(1), Input.vector("a", 1, 2), Input.vector("b", 3));
        assertThat(result.report()).startsWith("gradcheck PASSED: 9 derivative(s) checked (mode full, eps 1.0e-06,"
                + " atol 1.0e-05, rtol 1.0e-03, seed 0)");
        assertThat(result.report()).contains("largest error: ");
    }

    @Test
    void assertCorrectThrowsTheReport() {
        assertThatThrownBy(() -> GradCheck.assertCorrect(new BrokenSigmoid(), Input.vector("x", 0.5, -1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("gradcheck FAILED")
                // s(0.5) = 0.622459331 and s(1 - s) = 0.235003712: the relatively worst element is x[0]
                .hasMessageContaining("worst: d out[0] / d x[0]: numeric 0.235003712, analytic 0.622459331")
                // s(-1) = 0.268941421 and s(1 - s) = 0.196611933 appear in the Jacobian table
                .hasMessageContaining("0.19661").hasMessageContaining("0.26894");
    }

    @Test
    void bigInputsGetNoJacobianTable() {
        java.util.Random r = new java.util.Random(1);
        GradCheckResult result = GradCheck.check(BuggyOps.matMulOffByOnePercent(3), Input.uniform("A", r, -1, 1, 4, 3),
                Input.uniform("B", r, -1, 1, 3, 4));
        assertThat(result.passed()).isFalse();
        assertThat(result.report()).doesNotContain("Jacobian d out").doesNotContain("input values")
                .contains("and the same inputs (24 values, too many to print)");
    }
}
