package gradlab.exercises.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.exercises.grading.GradedUnit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs compiled hidden tests against compiled student classes in separate JVMs ({@link TestJvm}) and collects one
 * {@link GradedUnit} per graded test method, surviving whatever the student's code does to its JVM:
 * <ul>
 *   <li>an exception or an assertion failure: a failed unit, as usual;</li>
 *   <li>an infinite loop: JUnit's per-test timeout fails the test; the JVM then restarts for the remaining tests;</li>
 *   <li>{@code System.exit}, a crash, an OutOfMemoryError that ends the run, a hang JUnit cannot interrupt (the
 *       watchdog kills the JVM when no test finished for timeout + 30 s): the unit that was running gets 0 with
 *       the reason, and a new JVM runs the units not yet graded;</li>
 *   <li>megabytes of printing: each unit keeps the first {@code outputCap} bytes; the JVM's own stdout/stderr are
 *       read to the end and the first 64 KB kept.</li>
 * </ul>
 */
public final class TestRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JVM_LOG_CAP = 64 * 1024;

    private final Path javaBinary;
    private final int timeoutSeconds;
    private final int outputCap;
    private final String heap;

    /** The outcome: every unit of the plan in order, and notes on JVM restarts. */
    public record Outcome(List<GradedUnit> units, List<String> notes) {
    }

    public TestRunner(int timeoutSeconds, int outputCap, String heap) {
        this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        this.timeoutSeconds = timeoutSeconds;
        this.outputCap = outputCap;
        this.heap = heap;
    }

    /** A planned unit before it ran. */
    private record Planned(String id, String name, String exercise, List<String> tags, double max) {
    }

    /**
     * Runs the tests in {@code testClasses} with {@code classpath} ({@code studentClasses} first) in a working
     * directory {@code workDir} (empty: no test sources), writing scratch files to {@code scratch}.
     */
    public Outcome run(String classpath, Path testClasses, Path workDir, Path scratch)
            throws IOException, GradingException {
        Map<String, Planned> plan = null;
        Map<String, GradedUnit> done = new LinkedHashMap<>();
        Set<String> skip = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Path events = scratch.resolve("events-" + attempt + ".jsonl");
            Path skipFile = scratch.resolve("skip-" + attempt + ".txt");
            Files.write(skipFile, skip, StandardCharsets.UTF_8);
            JvmExit exit = launch(classpath, testClasses, events, skipFile, workDir);
            String started = null;
            boolean finished = false;
            String aborted = null;
            int progress = 0;
            for (String line : Files.exists(events) ? Files.readAllLines(events, StandardCharsets.UTF_8)
                    : List.<String>of()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException bad) {
                    continue;   // a torn last line of a killed JVM
                }
                switch (e.path("type").asText()) {
                    case "plan" -> {
                        if (plan == null) {
                            plan = new LinkedHashMap<>();
                            for (JsonNode u : e.path("units")) {
                                List<String> tags = new ArrayList<>();
                                u.path("tags").forEach(t -> tags.add(t.asText()));
                                plan.put(u.path("id").asText(), new Planned(u.path("id").asText(),
                                        u.path("name").asText(), u.path("exercise").asText(), tags,
                                        u.path("max").asDouble()));
                            }
                        }
                    }
                    case "started" -> started = e.path("id").asText();
                    case "unit" -> {
                        List<String> tags = new ArrayList<>();
                        e.path("tags").forEach(t -> tags.add(t.asText()));
                        String id = e.path("id").asText();
                        done.put(id, new GradedUnit(id, e.path("name").asText(), e.path("exercise").asText(), tags,
                                e.path("score").asDouble(), e.path("max").asDouble(), e.path("output").asText()));
                        skip.add(id);
                        progress++;
                        if (id.equals(started)) {
                            started = null;
                        }
                    }
                    case "done" -> finished = true;
                    case "aborted" -> aborted = e.path("error").asText();
                    default -> { }
                }
            }
            if (plan == null) {
                throw new GradingException("the test JVM stopped before it listed the tests (exit code "
                        + exit.code() + (exit.killed() ? ", killed after a hang" : "") + "):\n" + exit.log());
            }
            if (finished) {
                break;
            }
            String reason = exit.killed()
                    ? "no test finished for " + (timeoutSeconds + 30) + " s: the test JVM was stopped (a hang the"
                            + " per-test timeout could not interrupt)"
                    : aborted != null ? "the test run was aborted by " + aborted
                    : exit.code() == 3 ? null
                    : "the test JVM exited with code " + exit.code() + " during this test (System.exit, or a crash)";
            if (started != null) {
                Planned p = plan.get(started);
                String name = p == null ? started : p.name();
                done.put(started, new GradedUnit(started, name, p == null ? "untagged" : p.exercise(),
                        p == null ? List.of() : p.tags(), 0, p == null ? 0 : p.max(),
                        "FAILED " + name + ": " + (reason == null ? "the test JVM stopped" : reason)
                                + lastLines(exit.log())));
                skip.add(started);
                progress++;
            }
            if (reason != null || exit.code() == 3) {
                notes.add("test JVM " + attempt + ": " + (reason == null ? "restarted after a test timed out"
                        : reason) + (started == null ? "" : " (in: " + plan.getOrDefault(started,
                        new Planned(started, started, "", List.of(), 0)).name() + ")"));
            }
            if (progress == 0 || done.keySet().containsAll(plan.keySet())) {
                break;   // no progress: do not loop; the rest are reported as not run
            }
        }
        List<GradedUnit> units = new ArrayList<>();
        for (Planned p : plan.values()) {
            GradedUnit u = done.get(p.id());
            units.add(u != null ? u : new GradedUnit(p.id(), p.name(), p.exercise(), p.tags(), 0, p.max(),
                    "FAILED " + p.name() + ": not run (the test JVM stopped before it; see the report's notes)"));
        }
        // by exercise, then by name ("ex2.1 ..." before "ex2.2 ..."): the same order whatever JUnit's class order
        units.sort(java.util.Comparator.comparing(GradedUnit::exercise).thenComparing(GradedUnit::name));
        return new Outcome(units, notes);
    }

    private record JvmExit(int code, boolean killed, String log) {
    }

    private JvmExit launch(String classpath, Path testClasses, Path events, Path skipFile, Path workDir)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(),
                "-Xmx" + heap, "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-cp", classpath, TestJvm.class.getName(),
                testClasses.toString(), events.toString(), skipFile.toString(),
                Integer.toString(timeoutSeconds), Integer.toString(outputCap)));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Process process = pb.start();
        process.getOutputStream().close();
        Drain drain = new Drain(process.getInputStream());
        drain.start();
        long idleLimitMillis = (timeoutSeconds + 30) * 1000L;
        long lastSize = -1;
        long lastProgress = System.currentTimeMillis();
        boolean killed = false;
        try {
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                long size = Files.exists(events) ? Files.size(events) : 0;
                if (size != lastSize) {
                    lastSize = size;
                    lastProgress = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastProgress > idleLimitMillis) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    killed = true;
                    break;
                }
            }
            drain.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the test JVM ran", e);
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        return new JvmExit(code, killed, drain.text());
    }

    private static String lastLines(String log) {
        if (log.isBlank()) {
            return "";
        }
        String[] lines = log.strip().split("\n");
        StringBuilder sb = new StringBuilder("\n--- test JVM output (last lines) ---");
        for (int i = Math.max(0, lines.length - 8); i < lines.length; i++) {
            sb.append('\n').append(lines[i]);
        }
        return sb.toString();
    }

    /** Reads a stream to its end, keeping the first {@link #JVM_LOG_CAP} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (this) {
                        int room = Math.max(0, JVM_LOG_CAP - kept.size());
                        kept.write(buffer, 0, Math.min(room, n));
                        dropped += n - Math.min(room, n);
                    }
                }
            } catch (IOException ignored) {
                // the JVM was killed
            }
        }

        synchronized String text() {
            String s = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[... " + dropped + " more bytes dropped]";
        }
    }
}
