package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offsets at which Gemm's packed panels start a cache line, read in a child JVM started as bench starts its
 * training JVM ({@code -XX:ObjectAlignmentInBytes=64}: 12 floats or 6 doubles after a 16-byte array header), as a
 * plain JVM (8-byte alignment: 0, unknown; results are the same there, only the speed differs), and with a header
 * layout the class does not guess (no compressed class pointers: 0).
 */
class CacheLineAlignmentTest {

    @ParameterizedTest(name = "JVM flags [{0}]: {1}")
    @CsvSource(delimiter = '|', value = {
        "-XX:ObjectAlignmentInBytes=64                                 | alignment 64, header 16, float 12, double 6",
        "(none)                                                        | alignment 8, header 16, float 0, double 0",
        "-XX:ObjectAlignmentInBytes=32                                 | alignment 32, header 16, float 0, double 0",
        "-XX:ObjectAlignmentInBytes=64 -XX:-UseCompressedClassPointers | alignment 64, header -1, float 0, double 0",
    })
    void offsetsFollowTheJvmsObjectAlignment(String flags, String expected) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!flags.equals("(none)")) {
            cmd.addAll(List.of(flags.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintOffsets.class.getName()));
        Path out = Files.createTempFile("cache-line-alignment", ".txt");
        try {
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("the child JVM started with [" + flags + "] did not end within 60 s");
            }
            assertThat(Files.readString(out, StandardCharsets.UTF_8).trim())
                    .as("what CacheLineAlignment found in a JVM started with [%s]", flags).isEqualTo(expected);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The child JVM: prints what CacheLineAlignment found. */
    public static final class PrintOffsets {
        public static void main(String[] args) {
            System.out.println("alignment " + CacheLineAlignment.objectAlignment() + ", header "
                    + CacheLineAlignment.arrayHeaderBytes() + ", float " + CacheLineAlignment.FLOAT_OFFSET
                    + ", double " + CacheLineAlignment.DOUBLE_OFFSET);
        }
    }
}
