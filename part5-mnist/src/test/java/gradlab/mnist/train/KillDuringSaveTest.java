package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.nn.io.SafeTensors;
import gradlab.optim.OptimizerStateDict;
import gradlab.optim.io.Checkpoint;
import gradlab.tensor.Tensor;
import gradlab.tensor.testing.TensorSnapshots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during saving, for real: a child JVM ({@link SaveLoop}, on this test's class path) saves step
 * after step to three files (part 3's SafeTensors state dict, part 4's Checkpoint, part 5's RunCheckpoint) and is
 * killed with {@link Process#destroyForcibly()} (SIGKILL) at a seeded random moment. After each kill, every file
 * must be missing (only if no save of it ever completed) or load completely as the state of the last step whose save
 * completed, or of the next one (renamed just before the kill): never a partial or corrupt load. The state a file
 * claims (its step) is rebuilt from the seed and compared tensor by tensor (a CRC-32 of every tensor's bytes, and
 * the optimizer's and scheduler's state). Then the next save to each path, by this process, must leave no
 * temporary file of the killed one behind.
 *
 * <p>No timing is asserted: a kill may land before the first save, between saves or inside one; each outcome has
 * its check. The kills run in sequence on the same folder (each child meets the files the previous round left).
 */
class KillDuringSaveTest {
    static final long SEED = 9_2026L;
    static final int KILLS = 12;
    private static final String[] FILES = {SaveLoop.WEIGHTS, SaveLoop.CHECKPOINT, SaveLoop.RUN};

    @TempDir
    static Path dir;

    /** How far the kills got, over all rounds (printed at the end: it shows the kills hit the saves). */
    private static final Map<String, Integer> TALLY = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> killedSavesLeaveThePreviousOrTheNewCompleteState() {
        Random master = new Random(SEED);
        List<DynamicTest> tests = new ArrayList<>();
        long[] seeds = new long[KILLS + 1];
        for (int i = 0; i <= KILLS; i++) {
            seeds[i] = master.nextLong();
        }
        for (int i = 0; i < KILLS; i++) {
            int round = i;
            tests.add(DynamicTest.dynamicTest("kill " + i + " during saving (seed " + seeds[i] + ")",
                    () -> killAndCheck(round, seeds[round], seeds[round + 1])));
        }
        tests.add(DynamicTest.dynamicTest("tally of the " + KILLS + " kills", () -> {
            System.out.println("KillDuringSaveTest: " + TALLY);
            assertThat(TALLY.getOrDefault("rounds", 0)).isEqualTo(KILLS);
        }));
        return tests.stream();
    }

    /**
     * One round: start the child with {@code seed}, kill it after a seeded delay, check the three files, then save
     * step 0 of the next round's seed to each path (the "next save") and check that no temporary file is left.
     */
    private void killAndCheck(int round, long seed, long nextSeed) throws Exception {
        Random r = new Random(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(),
                dir.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Integer> completed = new HashMap<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> readLines(child, lines), "SaveLoop stdout");
        reader.start();
        // Mostly a kill among the saves (after the first whole round of saves, which waits for class loading);
        // now and then one before the child is ready, or between ready and its first saves.
        int mode = r.nextInt(8);
        if (mode == 1) {
            waitFor(lines, "ready", child);
        } else if (mode > 1) {
            waitFor(lines, "saved " + SaveLoop.RUN + " 1", child);
        }
        Thread.sleep(mode == 0 ? r.nextInt(50) : r.nextInt(mode == 1 ? 100 : 250));
        child.destroyForcibly();                              // SIGKILL: no shutdown hook, no finally block runs
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the killed child ended").isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(60));
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("saved ")) {
                    String[] p = line.split(" ");
                    completed.put(p[1], Integer.parseInt(p[2]));
                }
            }
        }
        List<String> temporary = temporaryFiles();
        tally("rounds");
        tally(temporary.isEmpty() ? "no temporary file left by the kill" : "temporary files left by the kill");
        int before = round == 0 ? -1 : 0;                     // what each file held before the child: round 0 nothing
        for (String name : FILES) {
            Path file = dir.resolve(name);
            int last = completed.getOrDefault(name, before);
            if (!Files.exists(file)) {
                assertThat(last).as("round %d: %s is missing, but its save of step %d completed (%s)", round, name,
                        last, completed).isEqualTo(-1);
                tally("file missing (killed before its first save)");
                continue;
            }
            int step = stepOf(file);
            List<Integer> allowed = last < 0 ? List.of(1) : List.of(last, last + 1);   // the child starts at step 1
            assertThat(step).as("round %d: %s holds step %d; the last completed save was step %d, so it must hold"
                    + " that step or the next", round, name, step, last).isIn(allowed);
            tally(step == last ? "file held the last completed save" : "file held the save that was being renamed");
            assertHolds(file, name, seed, step, round);
        }
        // the next save to each path removes the killed save's temporary files
        SaveLoop.State.of(nextSeed, 0).saveAll(dir, 0, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(temporaryFiles()).as("round %d: temporary files after the next save (before it: %s)", round,
                temporary).isEmpty();
        for (String name : FILES) {
            assertHolds(dir.resolve(name), name, nextSeed, 0, round);
        }
    }

    private static void tally(String what) {
        synchronized (TALLY) {
            TALLY.merge(what, 1, Integer::sum);
        }
    }

    private static void readLines(Process child, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the pipe closed with the killed process: what was read is all there is
        }
    }

    /** Waits until the child printed {@code line} (or ended: then the check below reports what it printed). */
    private static void waitFor(List<String> lines, String line, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);   // a hung child fails, never hangs the build
        synchronized (lines) {
            while (!lines.contains(line) && child.isAlive() && System.nanoTime() < deadline) {
                lines.wait(200);
            }
        }
        if (!child.isAlive() || System.nanoTime() >= deadline) {
            child.destroyForcibly();
            throw new AssertionError("the child never printed '" + line + "' (alive: " + child.isAlive()
                    + "); it printed " + lines);
        }
    }

    /** Files in the folder other than the three targets: the temporary files of a save. */
    private static List<String> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !List.of(FILES).contains(n)).sorted()
                    .toList();
        }
    }

    /** The step a file says it holds (loading it checks its integrity: a corrupt file throws here). */
    private static int stepOf(Path file) throws IOException {
        Map<String, String> metadata = SafeTensors.loadMetadata(file);
        if (file.getFileName().toString().equals(SaveLoop.WEIGHTS)) {
            return Integer.parseInt(metadata.get("step"));
        }
        if (file.getFileName().toString().equals(SaveLoop.RUN)) {
            return RunCheckpoint.peek(file).epoch();
        }
        SaveLoop.State blank = SaveLoop.State.blank();
        return (int) Checkpoint.load(file, blank.model(), blank.optimizer(), List.of(blank.scheduler())).step();
    }

    /** Loads {@code file} completely and compares it with the state of (seed, step), tensor by tensor. */
    private static void assertHolds(Path file, String name, long seed, int step, int round) throws IOException {
        SaveLoop.State expected = SaveLoop.State.of(seed, step);
        SaveLoop.State loaded = SaveLoop.State.blank();
        String what = "round " + round + ": " + name + " (step " + step + " of seed " + seed + ")";
        if (name.equals(SaveLoop.WEIGHTS)) {
            Map<String, Tensor> tensors = SafeTensors.load(file);
            assertThat(checksums(tensors)).as(what).isEqualTo(checksums(expected.model().stateDict()));
            return;
        }
        if (name.equals(SaveLoop.RUN)) {
            RunCheckpoint.Restored restored = RunCheckpoint.load(file, loaded.model(), loaded.optimizer(),
                    List.of(loaded.scheduler()));
            assertThat(restored.state().epoch()).as(what).isEqualTo(step);
            assertThat(checksums(restored.bestWeights())).as(what + ": the best weights")
                    .isEqualTo(checksums(expected.model().stateDict()));
        } else {
            assertThat(Checkpoint.load(file, loaded.model(), loaded.optimizer(), List.of(loaded.scheduler())).step())
                    .as(what).isEqualTo(step);
        }
        assertThat(checksums(loaded.model().stateDict())).as(what + ": the model")
                .isEqualTo(checksums(expected.model().stateDict()));
        assertThat(optimizerState(loaded.optimizer().stateDict())).as(what + ": the optimizer")
                .isEqualTo(optimizerState(expected.optimizer().stateDict()));
        assertThat(loaded.scheduler().stateDict()).as(what + ": the scheduler")
                .isEqualTo(expected.scheduler().stateDict());
    }

    /** Name to CRC-32 of the tensor's exact values (and its shape and dtype), in order. */
    static Map<String, Long> checksums(Map<String, ? extends Tensor> tensors) {
        Map<String, Long> sums = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            CRC32 crc = new CRC32();
            crc.update(TensorSnapshots.of(t).getBytes(StandardCharsets.UTF_8));
            sums.put(name, crc.getValue());
        });
        return sums;
    }

    private static String optimizerState(OptimizerStateDict d) {
        StringBuilder sb = new StringBuilder();
        d.state().forEach((i, s) -> s.forEach((k, v) -> sb.append(i).append('.').append(k).append('=')
                .append(checksums(Map.of(k, v)).get(k)).append("; ")));
        return sb.append(d.paramGroups()).toString();
    }
}
