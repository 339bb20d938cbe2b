package gradlab.exercises.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.exercises.grading.GradedUnit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link GradeReport} as Gradescope's {@code results.json} and as {@code summary.md}, atomically (a temp
 * file moved into place). results.json follows Gradescope's autograder specification: top-level {@code score},
 * {@code execution_time}, {@code output}, {@code visibility}, {@code stdout_visibility}, {@code tests} (each with
 * {@code name}, {@code number}, {@code score}, {@code max_score}, {@code output}, {@code visibility},
 * {@code tags}); plus {@code max_score} and, in {@code extra_data}, the engine version, the hashes of the test suite
 * and the submission, the points per exercise and the replaced files.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void write(GradeReport report, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        atomicWrite(outDir.resolve("results.json"), JSON.writeValueAsString(json(report)) + "\n");
        atomicWrite(outDir.resolve("summary.md"), markdown(report));
    }

    /**
     * A results.json for a submission that could not be graded: score 0, no tests, and the reason, so that a
     * student on Gradescope sees why (e.g. a corrupt zip) instead of nothing.
     */
    public static void writeFailure(Path outDir, String reason) throws IOException {
        Files.createDirectories(outDir);
        ObjectNode root = JSON.createObjectNode();
        root.put("score", 0.0);
        root.put("execution_time", 0);
        root.put("output", "The submission could not be graded: " + reason);
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        root.putArray("tests");
        root.putObject("extra_data").put("engine_version", Grader.engineVersion()).put("error", reason);
        atomicWrite(outDir.resolve("results.json"), JSON.writeValueAsString(root) + "\n");
    }

    static ObjectNode json(GradeReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", report.score());
        root.put("max_score", report.maxScore());
        root.put("execution_time", report.seconds());
        root.put("output", headline(report) + "\n" + replacedText(report) + notesText(report));
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        ArrayNode tests = root.putArray("tests");
        Map<String, Integer> counters = new HashMap<>();
        for (GradedUnit u : report.units()) {
            ObjectNode t = tests.addObject();
            t.put("name", u.name());
            int n = counters.merge(u.exercise(), 1, Integer::sum);
            t.put("number", u.exercise().replace("ex", "") + "." + n);
            t.put("score", u.score());
            t.put("max_score", u.maxScore());
            t.put("output", u.output());
            t.put("visibility", "visible");
            ArrayNode tags = t.putArray("tags");
            u.tags().forEach(tags::add);
        }
        ObjectNode extra = root.putObject("extra_data");
        extra.put("engine_version", report.engineVersion());
        extra.put("test_suite_sha256", report.suiteHash());
        extra.put("submission_sha256", report.submissionHash());
        ObjectNode exercises = extra.putObject("exercises");
        report.byExercise().forEach((e, s) -> exercises.putObject(e).put("score", s[0]).put("max_score", s[1]));
        ObjectNode replaced = extra.putObject("replaced_files");
        report.replaced().forEach(replaced::put);
        ArrayNode notes = extra.putArray("notes");
        report.notes().forEach(notes::add);
        ObjectNode mentions = extra.putObject("engine_mentions");
        report.engineMentions().forEach((file, hits) -> {
            ArrayNode a = mentions.putArray(file);
            hits.forEach(a::add);
        });
        return root;
    }

    static String headline(GradeReport r) {
        return String.format(Locale.ROOT, "Score %s / %s. Graded by %s with the test suite sha256 %s.",
                num(r.score()), num(r.maxScore()), r.engineVersion(), r.suiteHash().substring(0, 16));
    }

    private static String replacedText(GradeReport r) {
        StringBuilder sb = new StringBuilder();
        r.replaced().forEach((file, why) -> sb.append(file).append(": ").append(why).append('\n'));
        return sb.toString();
    }

    private static String notesText(GradeReport r) {
        StringBuilder sb = new StringBuilder();
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }

    static String markdown(GradeReport r) {
        StringBuilder sb = new StringBuilder("# Grading report\n\n");
        sb.append("**Score: ").append(num(r.score())).append(" / ").append(num(r.maxScore())).append("**\n\n");
        sb.append("- graded by: ").append(r.engineVersion()).append('\n');
        sb.append("- test suite: sha256 `").append(r.suiteHash()).append("`\n");
        sb.append("- submission files: sha256 `").append(r.submissionHash()).append("`\n\n");
        sb.append("| exercise | points | max |\n|---|---:|---:|\n");
        r.byExercise().forEach((e, s) -> sb.append("| ").append(e).append(" | ").append(num(s[0])).append(" | ")
                .append(num(s[1])).append(" |\n"));
        sb.append('\n');
        if (!r.replaced().isEmpty()) {
            sb.append("## Files graded with their stub\n\n");
            r.replaced().forEach((file, why) -> sb.append("- `").append(file).append("`: ")
                    .append(why.replace("\n", "\n      ")).append('\n'));
            sb.append('\n');
        }
        if (!r.notes().isEmpty()) {
            sb.append("## Notes\n\n");
            r.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
            sb.append('\n');
        }
        if (!r.engineMentions().isEmpty()) {
            sb.append("## For the instructor: mentions of the engine's own implementations\n\n")
                    .append("These files mention engine code that already does what the exercise asks (the hidden"
                            + " tests compare with it, so delegating to it passes). Not scored: read them.\n\n");
            r.engineMentions().forEach((file, hits) -> sb.append("- `").append(file).append("`: `")
                    .append(String.join("`, `", hits)).append("`\n"));
            sb.append('\n');
        }
        for (String exercise : r.byExercise().keySet()) {
            double[] s = r.byExercise().get(exercise);
            sb.append("## ").append(exercise).append(": ").append(num(s[0])).append(" / ").append(num(s[1]))
                    .append("\n\n| test | points |\n|---|---:|\n");
            StringBuilder failures = new StringBuilder();
            for (GradedUnit u : r.units()) {
                if (!u.exercise().equals(exercise)) {
                    continue;
                }
                sb.append("| ").append(u.name().replace("|", "\\|")).append(" | ").append(num(u.score()))
                        .append(" / ").append(num(u.maxScore())).append(" |\n");
                if (!u.passed()) {
                    String first = u.output().isEmpty() ? "failed" : u.output().split("\n", 2)[0];
                    failures.append("- ").append(first.length() > 400 ? first.substring(0, 400) + " ..." : first)
                            .append('\n');
                }
            }
            if (failures.length() > 0) {
                sb.append("\nWhat failed:\n\n").append(failures);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static void atomicWrite(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
