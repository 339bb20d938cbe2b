package gradlab.exercises.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Grades submissions against one hidden test suite:
 * <ol>
 *   <li>takes the workbook's files from the submission ({@link Submission}); a missing file is replaced by its stub;</li>
 *   <li>compiles them against the engine; a file with compile errors is replaced by its stub and the rest compiled
 *       again, so one typo costs one exercise file, not the submission (the report quotes the compiler);</li>
 *   <li>runs the hidden tests, compiled once against the stubs' API, in separate JVMs ({@link TestRunner}), with a
 *       working directory that holds no test sources;</li>
 *   <li>writes {@code results.json} (Gradescope's format) and {@code summary.md} ({@link ReportWriter}).</li>
 * </ol>
 * A {@code Grader} compiles the hidden tests once and can grade many submissions, also concurrently.
 */
public final class Grader implements AutoCloseable {
    /** Where the stubs' sources are on the grader's classpath (Maven copies src/workbook/java there). */
    static final String STUBS = "gradlab-workbook-stubs/";

    /** Per-test timeout, per-unit output cap and heap of the test JVM. */
    public record Options(int timeoutSeconds, int outputCap, String heap) {
        /** The largest per-test timeout: a day (a larger one would overflow the grader's idle limit). */
        static final int MAX_TIMEOUT_SECONDS = 86_400;
        /** The largest output cap: 64 MiB per unit (it is held in memory and copied into results.json). */
        static final int MAX_OUTPUT_CAP = 64 << 20;

        /** Checks each option, naming its command-line flag, before anything is compiled or run. */
        public Options {
            if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("--timeout: " + timeoutSeconds + " seconds per test is not"
                        + " allowed; expected a whole number in [1, " + MAX_TIMEOUT_SECONDS + "], e.g. 10");
            }
            if (outputCap < 0 || outputCap > MAX_OUTPUT_CAP) {
                throw new IllegalArgumentException("--output-cap: " + outputCap + " bytes is not allowed; expected a"
                        + " whole number in [0, " + MAX_OUTPUT_CAP + "], e.g. 8192");
            }
            if (heap == null || !heap.matches("[1-9][0-9]{0,8}[kKmMgG]?") || heapBytes(heap) < (64L << 20)
                    || heapBytes(heap) > (1L << 40)) {
                throw new IllegalArgumentException("--heap: '" + heap + "' is not a heap size for the test JVM;"
                        + " expected a size from 64m to 1024g in java -Xmx's form, e.g. 512m or 2g");
            }
        }

        /** "512m" in bytes. */
        private static long heapBytes(String heap) {
            char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
            long shift = switch (unit) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                default -> 0;
            };
            String digits = Character.isDigit(unit) ? heap : heap.substring(0, heap.length() - 1);
            return Long.parseLong(digits) << shift;
        }

        public static Options defaults() {
            return new Options(10, 8 * 1024, "512m");
        }
    }

    private final Options options;
    private final Path scratch;
    private final Path testClasses;
    private final String engineClasspath;
    private final String suiteHash;

    /** Compiles the hidden tests in {@code testsDir} (Java sources, any folder layout). */
    public Grader(Path testsDir, Options options) throws IOException, GradingException {
        this.options = options;
        if (!Files.isDirectory(testsDir)) {
            throw new GradingException("hidden tests folder " + testsDir + " does not exist; pass --tests with the"
                    + " folder holding the hidden test sources (e.g. exercises/src/hidden-test/java)");
        }
        List<Path> tests = Submission.sortedFiles(testsDir, ".java");
        if (tests.isEmpty()) {
            throw new GradingException("hidden tests folder " + testsDir + " holds no .java files");
        }
        if (!SourceCompiler.available()) {
            throw new GradingException("this JVM (" + System.getProperty("java.home") + ") has no Java compiler;"
                    + " run the grader with a JDK 17 or newer, not a JRE");
        }
        this.suiteHash = hash(testsDir, tests);
        this.engineClasspath = EngineClasspath.join(EngineClasspath.current());
        this.scratch = Files.createTempDirectory("gradlab-grader");
        Path api = scratch.resolve("api-classes");
        Path stubSources = scratch.resolve("stub-sources");
        List<Path> stubs = new ArrayList<>();
        for (ExerciseFile f : ExerciseFile.ALL) {
            stubs.add(writeStub(f, stubSources));
        }
        SourceCompiler.Result apiResult = SourceCompiler.compile(stubs, engineClasspath, api);
        if (!apiResult.success()) {
            throw new GradingException("the workbook's stubs do not compile against the engine (a broken grader"
                    + " build):\n" + apiResult.allErrors());
        }
        this.testClasses = scratch.resolve("test-classes");
        SourceCompiler.Result testResult = SourceCompiler.compile(tests,
                api + java.io.File.pathSeparator + engineClasspath, testClasses);
        if (!testResult.success()) {
            throw new GradingException("the hidden tests in " + testsDir + " do not compile against the workbook's"
                    + " API:\n" + testResult.allErrors());
        }
    }

    /** SHA-256 of the hidden test sources (their paths and contents), named in every report. */
    public String suiteHash() {
        return suiteHash;
    }

    /** The engine version this grader was built from. */
    public static String engineVersion() {
        Properties p = new Properties();
        try (InputStream in = Grader.class.getResourceAsStream("/gradlab-exercises.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "GradLab " + p.getProperty("engine.version", "unknown");
    }

    /** Grades one submission (folder or zip) and writes results.json and summary.md into {@code outDir}. */
    public GradeReport grade(Path submission, Path outDir) throws IOException, GradingException {
        long start = System.nanoTime();
        Files.createDirectories(outDir);
        Path work = Files.createTempDirectory(scratch, "submission");
        try {
            Path root = Submission.open(submission, work);
            Map<ExerciseFile, Path> found = Submission.locate(root);
            Map<String, String> replaced = new LinkedHashMap<>();
            Map<ExerciseFile, Path> sources = new LinkedHashMap<>();
            Path studentSources = work.resolve("student-sources");
            for (ExerciseFile f : ExerciseFile.ALL) {
                Path target = studentSources.resolve(f.path());
                Files.createDirectories(target.getParent());
                if (found.containsKey(f)) {
                    Files.copy(found.get(f), target);
                } else {
                    writeStub(f, studentSources);
                    replaced.put(f.fileName(), "not in the submission: graded with the stub");
                }
                sources.put(f, target);
            }
            String submissionHash = hashFiles(ExerciseFile.ALL.stream().filter(found::containsKey)
                    .map(f -> sources.get(f)).toList(), studentSources);
            Map<String, List<String>> mentions = new LinkedHashMap<>();
            for (ExerciseFile f : ExerciseFile.ALL) {
                if (found.containsKey(f)) {
                    List<String> hits = EngineUse.scan(f, Files.readString(sources.get(f), StandardCharsets.UTF_8));
                    if (!hits.isEmpty()) {
                        mentions.put(f.fileName(), hits);
                    }
                }
            }
            Path classes = compileWithFallback(sources, studentSources, work, replaced);
            Path runDir = Files.createDirectories(work.resolve("cwd"));
            TestRunner runner = new TestRunner(options.timeoutSeconds(), options.outputCap(), options.heap());
            String classpath = classes + java.io.File.pathSeparator + testClasses + java.io.File.pathSeparator
                    + engineClasspath;
            TestRunner.Outcome outcome = runner.run(classpath, testClasses, runDir,
                    Files.createDirectories(work.resolve("jvm")));
            long seconds = Math.round((System.nanoTime() - start) / 1e9);
            GradeReport report = new GradeReport(outcome.units(), replaced, outcome.notes(), mentions, engineVersion(),
                    suiteHash, submissionHash, seconds);
            ReportWriter.write(report, outDir);
            return report;
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * Compiles the chosen sources; a file with errors is replaced by its stub (noting the compiler's messages)
     * and the rest compiled again. Returns the classes folder.
     */
    private Path compileWithFallback(Map<ExerciseFile, Path> sources, Path sourceRoot, Path work,
                                     Map<String, String> replaced) throws IOException, GradingException {
        for (int round = 1; round <= ExerciseFile.ALL.size() + 2; round++) {
            Path out = work.resolve("student-classes-" + round);
            SourceCompiler.Result r = SourceCompiler.compile(new ArrayList<>(sources.values()), engineClasspath, out);
            if (r.success()) {
                return out;
            }
            List<ExerciseFile> bad = new ArrayList<>();
            for (Map.Entry<ExerciseFile, Path> e : sources.entrySet()) {
                Path p = e.getValue().toAbsolutePath().normalize();
                if (r.errorsByFile().containsKey(p) && !replaced.containsKey(e.getKey().fileName())) {
                    bad.add(e.getKey());
                    replaced.put(e.getKey().fileName(), "did not compile; graded with the stub in its place."
                            + " The compiler said:\n" + String.join("\n", r.errorsByFile().get(p)));
                }
            }
            if (bad.isEmpty()) {
                // errors not attributable to a student file (or in a stub): fall back to every stub
                for (ExerciseFile f : ExerciseFile.ALL) {
                    if (!replaced.containsKey(f.fileName())) {
                        replaced.put(f.fileName(), "graded with the stub: the submission as a whole did not compile."
                                + " The compiler said:\n" + r.allErrors().strip());
                        bad.add(f);
                    }
                }
                if (bad.isEmpty()) {
                    throw new GradingException("the workbook's stubs do not compile:\n" + r.allErrors());
                }
            }
            for (ExerciseFile f : bad) {
                Files.delete(sources.get(f));
                writeStub(f, sourceRoot);
            }
        }
        throw new GradingException("the submission could not be compiled even with stubs in place");
    }

    /** Writes the stub of {@code f} under {@code root} and returns its path. */
    static Path writeStub(ExerciseFile f, Path root) throws IOException {
        Path target = root.resolve(f.path());
        Files.createDirectories(target.getParent());
        try (InputStream in = Grader.class.getResourceAsStream("/" + STUBS + f.path())) {
            if (in == null) {
                throw new IOException("the grader has no stub for " + f.path() + " (expected the resource " + STUBS
                        + f.path() + "; build the exercises module with Maven)");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static String hash(Path dir, List<Path> files) throws IOException {
        return hashFiles(files, dir);
    }

    private static String hashFiles(List<Path> files, Path base) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = new ArrayList<>(files);
            sorted.sort(Comparator.comparing(p -> base.relativize(p).toString().replace('\\', '/')));
            for (Path p : sorted) {
                sha.update(base.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(p));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // scratch files left in the temp folder: harmless
        }
    }

    @Override
    public void close() {
        deleteRecursively(scratch);
    }
}
