package gradlab.mnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.mnist.data.TinyIdx;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} runs GradLab's rounds in a child JVM of its own (its peak memory is that process's) and reports the
 * bytes a step allocates, on a tiny dataset, without PyTorch. Values are checked, never times.
 */
class BenchChildJvmTest {
    @TempDir
    Path dir;

    @Test
    void eachRoundRunsInAChildJvmAndReportsItsMemoryAndAllocation() throws Exception {
        TinyIdx.writeDataset(dir, 64, 16, 5);
        MainTest.Outcome o = MainTest.main("bench", "--skip-pytorch", "--rounds", "2", "--batch-size", "16",
                "--data-dir", dir.toString(), "--device", "cpu", "--threads", "1");
        assertThat(o.code()).as("bench exit code; err: %s; out: %s", o.err(), o.out()).isZero();
        assertThat(o.out()).contains("round 1  gradlab").contains("round 2  gradlab")
                .contains("own JVM per round (data included), " + String.join(" ", GradlabProcess.JVM_FLAGS));
        Matcher bytes = Pattern.compile(
                "round 1  gradlab cpu +[0-9.]+ s/epoch  \\(([0-9,]+) bytes allocated per step\\)").matcher(o.out());
        assertThat(bytes.find()).as("a round line with bytes per step in: %s", o.out()).isTrue();
        assertThat(Long.parseLong(bytes.group(1).replace(",", ""))).as("bytes per step").isPositive();
        Matcher rss = Pattern.compile("(?m)^GradLab cpu .* ([0-9,]+)$").matcher(o.out());
        assertThat(rss.find()).as("the table's GradLab cpu row in: %s", o.out()).isTrue();
        assertThat(Long.parseLong(rss.group(1).replace(",", ""))).as("the child's peak RSS in MB").isPositive();
    }

    @Test
    void inProcessRunsTheRoundsInThisJvm() throws Exception {
        TinyIdx.writeDataset(dir, 32, 16, 6);
        MainTest.Outcome o = MainTest.main("bench", "--skip-pytorch", "--in-process", "--rounds", "1",
                "--batch-size", "16", "--data-dir", dir.toString(), "--device", "cpu", "--threads", "1");
        assertThat(o.code()).as("bench exit code; err: %s", o.err()).isZero();
        assertThat(o.out()).contains("round 1  gradlab").contains("bytes allocated per step").contains("(this JVM");
    }

    @Test
    void autoThatIsTheCpuDeviceIsTimedOnceAsCpu() throws Exception {
        TinyIdx.writeDataset(dir, 32, 16, 7);
        MainTest.Outcome o = MainTest.main("bench", "--skip-pytorch", "--in-process", "--rounds", "1",
                "--batch-size", "16", "--data-dir", dir.toString(), "--devices", "cpu,auto", "--threads", "1");
        assertThat(o.code()).as("bench exit code; err: %s", o.err()).isZero();
        if (o.out().contains("round 1  gradlab auto")) {
            return;   // a machine whose auto device is a GPU: two devices, two rows
        }
        assertThat(o.out()).as("bench's output").contains("GradLab device: auto is the cpu device here")
                .contains("round 1  gradlab cpu");
        assertThat(Pattern.compile("(?m)^GradLab (cpu|auto) ").matcher(o.out()).results().count())
                .as("table rows for the CPU device in: %s", o.out()).isEqualTo(1);
    }
}
