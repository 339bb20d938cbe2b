package gradlab.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one round of GradLab's side of {@code bench} in a child JVM of its own, as PyTorch's side runs in a Python
 * process of its own, so each side's peak memory is its own process's: not Maven's JVM (which {@code exec:java}
 * runs the command in, with Maven's classes and its default heap of a quarter of the machine's memory).
 *
 * <p>The child is {@code java} from this JVM's {@code java.home}, on this JVM's classpath (the URLs of
 * {@code exec:java}'s class loader, or {@code java.class.path}), with the flags in {@link #JVM_FLAGS}, running
 * this run's own command line ({@code bench ...}) plus {@code --in-process --round R --round-device NAME}. It
 * prints one line {@code gradlab-round {json}} that this class reads, while it polls the child's peak resident set (VmHWM).
 */
final class GradlabProcess {
    /**
     * The child JVM's flags, chosen by measurement on the project's machine (2 cores, JDK 17, 2026-12-01):
     * <ul>
     *   <li>{@code --add-modules jdk.incubator.vector}: the SIMD matrix-product kernel (as in .mvn/jvm.config);</li>
     *   <li>{@code -XX:ObjectAlignmentInBytes=64}: every object on a 64-byte boundary, so the matrix product's packed
     *       panels sit on cache lines (part 2's CacheLineAlignment): without it the first layer's product took
     *       197-285 us instead of 170-176, by the luck of where a buffer landed. Only here, not in .mvn/jvm.config:
     *       padding every object to 64 bytes costs graph-heavy programs (the million-op chains) twice the time;</li>
     *   <li>{@code -XX:+UseSerialGC}: one thread collects and none runs beside the training thread; a step's garbage
     *       dies young, and a copying young collection costs only the few objects still alive. (ParallelGC with one
     *       GC thread used ~15% more CPU time; a young generation fixed at 16 or 64 MB, {@code -Xmn}, was no
     *       faster than Serial's own sizing within the machine's noise.)</li>
     *   <li>{@code -Xmx512m}: the heap the run needs (47 MB of images as bytes, the model, a few steps' tensors) with
     *       room to spare, instead of the default quarter of the machine's memory, which the JVM grows into.</li>
     * </ul>
     */
    static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "-XX:ObjectAlignmentInBytes=64", "-XX:+UseSerialGC", "-Xmx512m", "-Djava.awt.headless=true");

    /** What one round in the child measured. */
    record Round(double median, long bytesPerStep, long peakRssKb) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private GradlabProcess() {
    }

    /**
     * Runs round {@code round} of bench's GradLab side on {@code device} in a child JVM; {@code benchArgs} is this
     * run's command line ({@code bench} and its options, as picocli's {@code originalArgs} gives them).
     */
    static Round run(List<String> benchArgs, int round, String device) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(Main.class.getName());
        cmd.addAll(benchArgs);
        cmd.add("--in-process");
        cmd.add("--round");
        cmd.add(String.valueOf(round));
        cmd.add("--round-device");
        cmd.add(device);
        WatchedProcess.Result run = WatchedProcess.run(cmd);
        String text = run.output();
        String line = text.lines().filter(l -> l.startsWith(RESULT_PREFIX)).reduce((a, b) -> b).orElse(null);
        if (run.exitCode() != 0 || line == null) {
            throw new IOException("bench's GradLab round " + round + " in a child JVM exited with " + run.exitCode()
                    + (line == null ? " and printed no '" + RESULT_PREFIX + "' line" : "") + "; its command was "
                    + String.join(" ", cmd.subList(0, cmd.indexOf("-cp"))) + " ... " + String.join(" ",
                    cmd.subList(cmd.indexOf(Main.class.getName()), cmd.size())) + "\nand its output:\n" + text);
        }
        JsonNode json = JSON.readTree(line.substring(RESULT_PREFIX.length()));
        return new Round(json.get("median_s_per_epoch").asDouble(), json.get("bytes_per_step").asLong(),
                run.peakRssKb());
    }

    /** The line a child prints with its round's figures: this prefix, then one JSON object. */
    static final String RESULT_PREFIX = "gradlab-round ";

    /** The line a child prints (see {@link #RESULT_PREFIX}). */
    static String resultLine(double median, long bytesPerStep) {
        return RESULT_PREFIX + JSON.createObjectNode().put("median_s_per_epoch", median).put("bytes_per_step",
                bytesPerStep);
    }

    /** This JVM's application classpath: exec:java's class loader URLs, else {@code java.class.path}. */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        if (GradlabProcess.class.getClassLoader() instanceof URLClassLoader urls) {
            for (URL u : urls.getURLs()) {
                try {
                    entries.add(Path.of(u.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file URL: a child JVM could not use it anyway
                }
            }
        }
        String own = System.getProperty("java.class.path", "");
        return entries.isEmpty() ? own : String.join(File.pathSeparator, entries);
    }
}
