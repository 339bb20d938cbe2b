package gradlab.exercises.ex5;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.exercises.support.OpenClRun;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public tests of exercise 5.2: your kernel runs on the OpenCL device (not Aparapi's Java thread pool) and equals
 * dx = dy * (x &gt; 0) computed in plain Java, on seeded inputs of sizes that are, and are not, multiples of the
 * work-group size ({@link OpenClRun#GROUP} = 64). Skipped, saying why, only on a machine without OpenCL.
 */
@Tag("ex5")
class Ex5KernelTest {

    static float[] uniform(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    /** dx on OpenCL, with a first line naming the case when it did not run there. */
    static float[] onOpenCl(String label, float[] x, float[] dy) {
        ReluBackwardKernel k = new ReluBackwardKernel(x, dy);
        try {
            OpenClRun.run(label, k, x.length);
            return k.dx().clone();
        } finally {
            k.dispose();
        }
    }

    static void same(String label, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i]) && expected[i] != actual[i]) {
                Expect.that(label, false, "element " + i + " of " + expected.length + " is " + actual[i]
                        + ", expected " + expected[i]);
            }
        }
    }

    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of(1, 191), Arguments.of(63, 192), Arguments.of(64, 193), Arguments.of(65, 194),
                Arguments.of(1000, 195), Arguments.of(4099, 196));
    }

    @ParameterizedTest(name = "ex5.2 ReluBackwardKernel on OpenCL, n = {0} (seed {1})")
    @MethodSource("sizes")
    @Points(2)
    @DisplayName("ex5.2 ReluBackwardKernel runs on OpenCL and equals dy * (x > 0) for n = 1 .. 4099")
    void equalsJava(int n, long seed) {
        Random r = new Random(seed);
        float[] x = uniform(r, n);
        float[] dy = uniform(r, n);
        String label = "ex5.2 ReluBackwardKernel n = " + n + " (seed " + seed + ")";
        float[] dx = onOpenCl(label, x, dy);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] > 0 ? dy[i] : 0.0f;
        }
        same(label, expected, dx);
    }

    @Test
    @Points(1)
    @DisplayName("ex5.2 ReluBackwardKernel at x = 0, -0, tiny and huge x equals part 2's relu backward (seed 197)")
    void edgesAgainstPart2() {
        Random r = new Random(197);
        float[] x = {0.0f, -0.0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 3e38f, -3e38f, 1.0f, -1.0f, 0.5f};
        float[] dy = uniform(r, x.length);
        String label = "ex5.2 ReluBackwardKernel edge values (seed 197)";
        float[] dx = onOpenCl(label, x, dy);
        Tensor xt = Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {x.length}, toDoubles(x))
                .requiresGrad(true);
        xt.relu().backward(Tensor.on(CpuDevice.INSTANCE, DType.FLOAT32).of(new int[] {x.length}, toDoubles(dy)));
        double[] g = xt.grad().toDoubleArray();
        float[] expected = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            expected[i] = (float) g[i];
        }
        same(label, expected, dx);
    }

    static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
