package gradlab.exercises.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.exercises.grading.GradedUnit;
import gradlab.exercises.grading.PointsScorer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main class of the separate JVM in which the student's code runs: it runs the compiled hidden tests on the
 * JUnit Platform and appends one JSON line per event to an events file, flushed at once, so that the grader
 * ({@link TestRunner}) knows how far it got if the JVM dies (System.exit, a crash, a kill after a hang):
 * <pre>
 *   {"type":"plan","units":[{"id":...,"name":...,"exercise":"ex2","tags":[...],"max":3}, ...]}
 *   {"type":"started","id":...}        a graded method starts
 *   {"type":"tick"}                    any test finished (the grader's watchdog sees progress)
 *   {"type":"unit", ...GradedUnit}     a graded method finished, with its score
 *   {"type":"done"}
 * </pre>
 * Arguments: the test classes folder, the events file, a file of unit ids to skip (those already graded by an
 * earlier JVM), the per-test timeout in seconds, and the per-unit output cap in bytes. The student's printing
 * goes to a capped buffer per unit instead of the JVM's stdout. After a unit in which a test timed out, the JVM
 * halts (the runaway thread cannot be stopped otherwise) and the grader starts a new one for the rest.
 */
public final class TestJvm {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJvm() {
    }

    public static void main(String[] args) throws IOException {
        Path testClasses = Path.of(args[0]);
        Path events = Path.of(args[1]);
        Set<String> skip = new HashSet<>(Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8));
        String timeoutSeconds = args[3];
        int outputCap = Integer.parseInt(args[4]);

        OutputStream eventStream = new FileOutputStream(events.toFile(), true);
        PrintStream originalErr = System.err;
        CappedOutput captured = new CappedOutput(outputCap);
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);

        Recorder recorder = new Recorder(eventStream, captured);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(testClasses)))
                .filters((PostDiscoveryFilter) d -> skip.contains(d.getUniqueId().toString())
                        ? FilterResult.excluded("graded by an earlier test JVM") : FilterResult.included("to grade"))
                .configurationParameter("junit.jupiter.execution.timeout.mode", "enabled")
                .configurationParameter("junit.jupiter.execution.timeout.default", timeoutSeconds + " s")
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        int status = 0;
        try {
            // no auto-registered listeners: the score table (ScoreTableListener) is for students' runs
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false).build());
            launcher.execute(request, recorder);
            recorder.write(JSON.createObjectNode().put("type", "done"));
        } catch (Throwable t) {   // OutOfMemoryError and other errors JUnit rethrows end the run: say where
            status = 2;
            try {
                recorder.write(JSON.createObjectNode().put("type", "aborted").put("error",
                        PointsScorer.firstLines(t)));
            } catch (Throwable ignored) {
                originalErr.println("test JVM aborted: " + t);
            }
        }
        Runtime.getRuntime().halt(status);   // threads left running by the student's code must not keep us alive
    }

    /** Scores graded units and writes the events. */
    static final class Recorder implements TestExecutionListener {
        private final OutputStream out;
        private final CappedOutput captured;
        private final PointsScorer scorer = new PointsScorer();
        private boolean timedOut;

        Recorder(OutputStream out, CappedOutput captured) {
            this.out = out;
            this.captured = captured;
        }

        synchronized void write(ObjectNode event) {
            try {
                out.write(JSON.writeValueAsBytes(event));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the grading events file: " + e.getMessage(), e);
            }
        }

        @Override
        public void testPlanExecutionStarted(TestPlan plan) {
            scorer.planStarted(plan);
            ArrayNode units = JSON.createArrayNode();
            for (TestIdentifier id : PointsScorer.gradedUnits(plan)) {
                ObjectNode u = units.addObject();
                u.put("id", id.getUniqueId());
                u.put("name", id.getDisplayName());
                u.put("exercise", PointsScorer.exerciseOf(id));
                ArrayNode tags = u.putArray("tags");
                id.getTags().stream().map(TestTag::getName).sorted().forEach(tags::add);
                u.put("max", PointsScorer.pointsOf(id).orElse(0));
            }
            ObjectNode event = JSON.createObjectNode().put("type", "plan");
            event.set("units", units);
            write(event);
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (PointsScorer.pointsOf(id).isPresent()) {
                captured.reset();
                write(JSON.createObjectNode().put("type", "started").put("id", id.getUniqueId()));
            }
            scorer.started(id);
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            scorer.skipped(id, reason).ifPresent(u -> write(unitEvent(u, "")));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            result.getThrowable().ifPresent(t -> timedOut |= isTimeout(t));
            write(JSON.createObjectNode().put("type", "tick"));
            scorer.finished(id, result).ifPresent(u -> {
                write(unitEvent(u, captured.text()));
                if (timedOut) {
                    Runtime.getRuntime().halt(3);   // a runaway thread is still looping: start afresh
                }
            });
        }

        private static boolean isTimeout(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof java.util.concurrent.TimeoutException
                        || String.valueOf(c.getMessage()).contains("timed out after")) {
                    return true;
                }
            }
            return false;
        }

        private static ObjectNode unitEvent(GradedUnit u, String output) {
            ObjectNode e = JSON.createObjectNode().put("type", "unit");
            e.put("id", u.id());
            e.put("name", u.name());
            e.put("exercise", u.exercise());
            ArrayNode tags = e.putArray("tags");
            u.tags().forEach(tags::add);
            e.put("score", u.score());
            e.put("max", u.maxScore());
            String text = u.output();
            if (!output.isEmpty()) {
                text = (text.isEmpty() ? "" : text + "\n") + "--- output ---\n" + output;
            }
            e.put("output", text);
            return e;
        }
    }

    /** Keeps the first {@code cap} bytes written since the last reset and counts the rest. */
    static final class CappedOutput extends OutputStream {
        private final int cap;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private long dropped;

        CappedOutput(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < cap) {
                kept.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, cap - kept.size());
            int n = Math.min(room, len);
            kept.write(b, off, n);
            dropped += len - n;
        }

        synchronized void reset() {
            kept.reset();
            dropped = 0;
        }

        synchronized String text() {
            String s = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[... " + dropped + " more bytes of output dropped]";
        }
    }
}
