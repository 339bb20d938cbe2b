package gradlab.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both of PixelScaling's paths give {@code (float) (b / 255.0)} bit for bit: for every byte value, and on runs whose
 * lengths and offsets are not multiples of the SIMD width (the scalar tail), without touching anything outside the run;
 * and the SIMD path does so at every register width a CPU may prefer (a child JVM with {@code -XX:MaxVectorSize}).
 */
class PixelScalingTest {

    @Test
    void theSimdPathRunsInTheTests() {
        // surefire's argLine adds the module, as .mvn/jvm.config does for exec:java: the SIMD path is the one tested
        assertThat(PixelScaling.SIMD).as("jdk.incubator.vector in the boot layer").isTrue();
    }

    @Test
    void everyByteValueScalesAsTheDoubleFormulaRounded() {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        float[] simd = new float[256];
        float[] table = new float[256];
        PixelScalingVector.toFloats(all, 0, simd, 0, 256);
        PixelScaling.withTable(all, 0, table, 0, 256);
        for (int b = 0; b < 256; b++) {
            int expected = Float.floatToRawIntBits((float) (b / 255.0));
            assertThat(Float.floatToRawIntBits(simd[b])).as("SIMD path, byte %d", b).isEqualTo(expected);
            assertThat(Float.floatToRawIntBits(table[b])).as("table path, byte %d", b).isEqualTo(expected);
        }
    }

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        long seed = 9100;
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 33, 784}) {
            for (int offset : new int[] {0, 3}) {
                out.add(Arguments.of(n, offset, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "run of {0} pixels at offset {1}, seed {2}")
    @MethodSource("runs")
    void aRunIsScaledAndNothingElseIsWritten(int n, int offset, long seed) {
        Random random = new Random(seed);
        byte[] src = new byte[offset + n + 5];
        random.nextBytes(src);
        float[] simd = new float[offset + n + 7];
        java.util.Arrays.fill(simd, -1f);
        float[] table = simd.clone();
        PixelScalingVector.toFloats(src, offset, simd, offset + 2, n);
        PixelScaling.withTable(src, offset, table, offset + 2, n);
        for (int i = 0; i < simd.length; i++) {
            int j = i - offset - 2;
            float expected = j >= 0 && j < n ? (float) ((src[offset + j] & 0xff) / 255.0) : -1f;
            assertThat(simd[i]).as("SIMD path, dst[%d] (pixel %d of %d)", i, j, n).isEqualTo(expected);
            assertThat(table[i]).as("table path, dst[%d] (pixel %d of %d)", i, j, n).isEqualTo(expected);
        }
    }

    /**
     * The checks above in a JVM whose preferred vectors are {@code bytes} wide: 16 bytes (4 floats, as NEON or SSE),
     * 32 (AVX2) and 64 (AVX-512; this machine's own width).
     */
    @ParameterizedTest(name = "SIMD path with {0}-byte vectors (child JVM)")
    @org.junit.jupiter.params.provider.ValueSource(ints = {16, 32, 64})
    void everyVectorWidthGivesTheSameFloats(int bytes) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=" + bytes,
                "-cp", System.getProperty("java.class.path"), WidthCheck.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(child.exitValue()).as("the child's exit code; it printed:%n%s", out).isZero();
        assertThat(out).contains("checked 256 byte values and 16 runs");
    }

    /** The child JVM of {@link #everyVectorWidthGivesTheSameFloats}: exits 1 naming the first wrong pixel. */
    public static final class WidthCheck {
        public static void main(String[] args) {
            System.out.println("float lanes: " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
            PixelScalingTest test = new PixelScalingTest();
            try {
                test.everyByteValueScalesAsTheDoubleFormulaRounded();
                runs().forEach(a -> test.aRunIsScaledAndNothingElseIsWritten((int) a.get()[0], (int) a.get()[1],
                        (long) a.get()[2]));
            } catch (AssertionError e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
            System.out.println("checked 256 byte values and 16 runs");
        }
    }
}
