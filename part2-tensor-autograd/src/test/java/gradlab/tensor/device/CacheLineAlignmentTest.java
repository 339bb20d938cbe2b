package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The offsets at which Gemm's packed panels start a cache line: 12 floats or 6 doubles (after a 16-byte array
 * header) in a JVM that aligns objects to 64 bytes, as the project's surefire argLine and .mvn/jvm.config start it;
 * 0 (unknown) in a JVM with HotSpot's default 8-byte alignment, where the results are the same, only slower.
 */
class CacheLineAlignmentTest {

    @Test
    void theProjectsJvmPutsEveryObjectOnACacheLine() {
        assertThat(CacheLineAlignment.objectAlignment()).as("-XX:ObjectAlignmentInBytes in surefire's argLine")
                .isEqualTo(64);
        assertThat(CacheLineAlignment.arrayHeaderBytes()).as("array header with compressed class pointers")
                .isEqualTo(16);
        assertThat(CacheLineAlignment.FLOAT_OFFSET).as("first float on a cache line").isEqualTo(12);
        assertThat(CacheLineAlignment.DOUBLE_OFFSET).as("first double on a cache line").isEqualTo(6);
    }

    @Test
    void aDefaultJvmKnowsNoOffset() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PrintOffsets.class.getName()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(out).as("offsets in a JVM with 8-byte object alignment").isEqualTo("alignment 8, float 0, double 0");
    }

    /** The child JVM of {@link #aDefaultJvmKnowsNoOffset}. */
    public static final class PrintOffsets {
        public static void main(String[] args) {
            System.out.println("alignment " + CacheLineAlignment.objectAlignment() + ", float "
                    + CacheLineAlignment.FLOAT_OFFSET + ", double " + CacheLineAlignment.DOUBLE_OFFSET);
        }
    }
}
