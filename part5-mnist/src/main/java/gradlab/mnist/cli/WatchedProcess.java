package gradlab.mnist.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end while polling its peak resident memory ({@link PeakMemory}, every 50 ms), and keeps what
 * it printed (stdout and stderr together): how {@code bench} runs each side's round in a process of its own.
 */
final class WatchedProcess {
    /** How a run ended: its exit code, its output and the highest peak resident set seen, in kB (0 without /proc). */
    record Result(int exitCode, String output, long peakRssKb) {
    }

    private WatchedProcess() {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        });
        reader.start();
        long peak = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, PeakMemory.peakKb(p.pid()));
        }
        reader.join();
        return new Result(p.exitValue(), output.toString(StandardCharsets.UTF_8), peak);
    }
}
