package gradlab.exercises.grader;

import static gradlab.testkit.ApiFuzz.oneOf;

import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grader under seeded bad input (see {@link ApiFuzz}): command lines of {@code grade}, {@code batch} and
 * {@code package} with bad option values or missing options, which must exit 2 with a message naming the option
 * before anything is compiled; and submissions that are not usable: zips of workbook files with random bytes, cut
 * short, or with a flipped byte in an entry's data, non-zip files and missing paths, which must be refused with a
 * GradingException (the grader's documented refusal, shown in results.json) or an IOException naming the file.
 *
 * <p>Whole gradings of hostile submissions (a file that does not compile, System.exit, an endless loop reported per
 * test by the timeout, printing megabytes, running out of heap or stack) are {@link HostileSubmissionTest}'s: each
 * costs seconds of test JVMs, so they are not fuzzed by the thousand.
 */
class GraderApiFuzzTest {
    static final long SEED = 7_2026L;
    static final int ZIP_CASES = 1500;
    static final int CLI_CASES = 200;

    @TempDir
    static Path dir;
    static byte[] goodZip;
    static final AtomicInteger FILES = new AtomicInteger();

    @BeforeAll
    static void zipTheSolutions() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(b)) {
            for (String name : List.of("gradlab/exercises/ex1/AddGate.java", "gradlab/exercises/ex2/MatMul.java")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(Files.readAllBytes(Paths.solutions().resolve(name)));
                zip.closeEntry();
            }
        }
        goodZip = b.toByteArray();
    }

    @TestFactory
    Stream<DynamicTest> unusableSubmissionsAreRefusedNamingTheFile() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("corrupted zip", GraderApiFuzzTest::corruptedZip);
        g.put("not a submission", GraderApiFuzzTest::notASubmission);
        return ApiFuzz.tests(SEED, ZIP_CASES, g);
    }

    @TestFactory
    Stream<DynamicTest> badCommandLinesExitTwoNamingTheOption() {
        return ApiFuzz.tests(SEED + 1, CLI_CASES, Map.of("grader option", GraderApiFuzzTest::badOption));
    }

    // ---------------------------------------------------------------------------------------------- submissions

    /** Opens the submission as the grader does; its GradingException is rethrown as an IOException for ApiFuzz. */
    private static void open(Path submission) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("scratch" + FILES.incrementAndGet()));
        try {
            Submission.open(submission, scratch);
        } catch (GradingException e) {
            throw new IOException("GradingException: " + e.getMessage(), e);
        }
    }

    private static Case corruptedZip(Random r) {
        try {
            byte[] bytes;
            String what;
            switch (r.nextInt(3)) {
                case 0 -> {
                    bytes = new byte[r.nextInt(200)];
                    r.nextBytes(bytes);
                    if (bytes.length >= 2 && r.nextBoolean()) {
                        bytes[0] = 'P';
                        bytes[1] = 'K';
                    }
                    what = bytes.length + " random bytes";
                }
                case 1 -> {
                    bytes = Arrays.copyOf(goodZip, r.nextInt(goodZip.length));
                    what = "cut to " + bytes.length + " of " + goodZip.length + " bytes";
                }
                default -> {
                    int[] range = entryData(r.nextInt(2));
                    int at = range[0] + r.nextInt(range[1]);
                    bytes = goodZip.clone();
                    bytes[at] ^= (byte) 0xff;
                    what = "byte " + at + " of an entry's data flipped";
                }
            }
            Path zip = dir.resolve("sub" + FILES.incrementAndGet() + ".zip");
            Files.write(zip, bytes);
            return Case.of("a zip of " + what, () -> open(zip), zip.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {offset, length} of the compressed data of entry {@code index} in {@link #goodZip}. */
    private static int[] entryData(int index) throws IOException {
        Path zip = dir.resolve("good.zip");
        if (!Files.exists(zip)) {
            Files.write(zip, goodZip);
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = java.util.Collections.list(file.entries());
            ZipEntry e = entries.get(index);
            int local = 0;
            for (int i = 0; i < index; i++) {
                local = nextLocalHeader(local);
            }
            int nameLength = u16(goodZip, local + 26);
            int extraLength = u16(goodZip, local + 28);
            return new int[] {local + 30 + nameLength + extraLength, (int) e.getCompressedSize()};
        }
    }

    /** The offset of the local header after the one at {@code at} (entries written with a data descriptor). */
    private static int nextLocalHeader(int at) {
        for (int i = at + 4; i + 4 <= goodZip.length; i++) {
            if (goodZip[i] == 'P' && goodZip[i + 1] == 'K' && goodZip[i + 2] == 3 && goodZip[i + 3] == 4) {
                return i;
            }
        }
        throw new IllegalStateException("no second entry in the zip");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static Case notASubmission(Random r) {
        try {
            return switch (r.nextInt(3)) {
                case 0 -> {
                    Path missing = dir.resolve("missing" + FILES.incrementAndGet() + oneOf(r, ".zip", "", ".java"));
                    yield Case.of("a path that does not exist", () -> open(missing), missing.toString());
                }
                case 1 -> {
                    Path file = dir.resolve("sub" + FILES.incrementAndGet() + oneOf(r, ".tar.gz", ".java", ".txt"));
                    Files.writeString(file, "class X {}");
                    yield Case.of("a file that is not a zip (" + file.getFileName() + ")", () -> open(file),
                            file.toString());
                }
                default -> Case.of("null path", () -> Submission.open(null, dir), "submission path is null");
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --------------------------------------------------------------------------------------------- command line

    /**
     * Runs the grader's command line; exit 2 with a message and no stack trace is thrown as an
     * IllegalArgumentException carrying stderr (so ApiFuzz checks that it names the option); anything else fails.
     */
    static void exitsTwo(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GraderCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
        String e = err.toString();
        if (code != 2) {
            throw new AssertionError("grader " + String.join(" ", args) + " exited " + code + " (expected 2)\n" + e);
        }
        if (e.contains("\tat ") || e.isBlank()) {
            throw new AssertionError("grader " + String.join(" ", args) + " exited 2 without one clean message:\n"
                    + e);
        }
        throw new IllegalArgumentException(e.strip());
    }

    private static final String[][] BAD_VALUES = {
        {"--timeout", "0", "-1", "x", "1.5", "86401", "2147483647", ""},
        {"--output-cap", "-1", "x", "999999999999", "2147483647"},
        {"--heap", "abc", "0", "-5m", "1k", "10", "", "512x", "63m", "99999g", "m", "512 m"},
    };

    private static Case badOption(Random r) {
        String command = oneOf(r, "grade", "batch", "package");
        Path out = dir.resolve("cli-out" + r.nextInt(4));
        List<String> args = new ArrayList<>(List.of(command, "--tests", Paths.hiddenTests().toString(), "--out",
                out.toString()));
        if (command.equals("grade")) {
            args.addAll(List.of("--submission", Paths.stubs().toString()));
        } else if (command.equals("batch")) {
            args.addAll(List.of("--submissions", dir.toString()));
        }
        String option;
        int kind = r.nextInt(command.equals("package") ? 2 : 5);
        switch (kind) {
            case 0 -> {                                          // a required option left out
                List<String> required = command.equals("grade") ? List.of("--tests", "--out", "--submission")
                        : command.equals("batch") ? List.of("--tests", "--out", "--submissions")
                        : List.of("--tests", "--out");
                option = oneOf(r, required.toArray(new String[0]));
                int at = args.indexOf(option);
                args.subList(at, at + 2).clear();
            }
            case 1 -> {
                option = oneOf(r, "--timeouts", "--heapsize", "-t", "--submision", "--jobs=");
                args.addAll(List.of(option, "1"));
                if (option.equals("--jobs=") && command.equals("batch")) {
                    option = "--jobs";                           // "--jobs=" then "1": an empty value for --jobs
                }
            }
            case 2, 3 -> {
                String[] values = BAD_VALUES[r.nextInt(BAD_VALUES.length)];
                option = values[0];
                args.addAll(List.of(option, values[1 + r.nextInt(values.length - 1)]));
            }
            default -> {
                if (command.equals("batch")) {
                    option = "--jobs";
                    args.addAll(List.of(option, oneOf(r, "0", "-1", "x", "257", "")));
                } else {
                    option = oneOf(r, "--timeout", "--heap", "--output-cap");
                    args.add(option);                            // the option without its value, at the end
                }
            }
        }
        return Case.of("grader " + String.join(" ", args), () -> exitsTwo(args), option);
    }
}
