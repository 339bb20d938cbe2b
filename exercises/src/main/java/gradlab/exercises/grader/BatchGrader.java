package gradlab.exercises.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Grades a folder of submissions, one subfolder or zip per student (its name is the student's), with
 * {@code jobs} student JVMs at once. Writes {@code <out>/<student>/results.json} and {@code summary.md} for each
 * and {@code <out>/scores.csv}: {@code student,score,max,ex1,...,ex5,status}, sorted by student. A submission that
 * cannot be graded gets a row with status {@code error: why} and never stops the batch.
 */
public final class BatchGrader {
    private final Grader grader;
    private final int jobs;
    private final boolean showProgress;

    /** How many were graded and how many could not be. */
    public record Result(int graded, int failed, Path csv) {
    }

    public BatchGrader(Grader grader, int jobs, boolean showProgress) {
        this.grader = grader;
        this.jobs = jobs;
        this.showProgress = showProgress;
    }

    public Result grade(Path submissions, Path out) throws IOException, GradingException {
        if (!Files.isDirectory(submissions)) {
            throw new GradingException("submissions folder " + submissions + " does not exist; pass a folder with"
                    + " one subfolder or zip per student");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(submissions)) {
            entries = list.filter(p -> Files.isDirectory(p) || p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(".zip")).sorted().toList();
        }
        Files.createDirectories(out);
        Map<String, String> rows = new TreeMap<>();
        List<String> exercises = ExerciseFile.exercises();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("grading").setInitialMax(entries.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                        System.err)).build() : null;
        int failed = 0;
        try {
            List<Future<String[]>> futures = new ArrayList<>();
            for (Path entry : entries) {
                String student = studentName(entry);
                futures.add(pool.submit(() -> {
                    try {
                        GradeReport r = grader.grade(entry, out.resolve(student));
                        StringBuilder row = new StringBuilder(csv(student)).append(',')
                                .append(ReportWriter.num(r.score())).append(',').append(ReportWriter.num(r.maxScore()));
                        Map<String, double[]> by = r.byExercise();
                        for (String e : exercises) {
                            row.append(',').append(ReportWriter.num(by.getOrDefault(e, new double[2])[0]));
                        }
                        String status = r.replaced().isEmpty() ? "graded"
                                : "graded; stub used for " + String.join(" ", r.replaced().keySet());
                        if (!r.engineMentions().isEmpty()) {
                            status += "; mentions engine code in " + String.join(" ", r.engineMentions().keySet());
                        }
                        return new String[] {student, row.append(',').append(csv(status)).toString(), "ok"};
                    } catch (Exception | StackOverflowError e) {
                        StringBuilder row = new StringBuilder(csv(student)).append(",0,0");
                        exercises.forEach(x -> row.append(",0"));
                        return new String[] {student, row.append(',').append(csv("error: " + e.getMessage()))
                                .toString(), "failed"};
                    } finally {
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }));
            }
            for (Future<String[]> f : futures) {
                String[] r;
                try {
                    r = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while grading", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("a grading task failed unexpectedly: " + e.getCause(), e.getCause());
                }
                rows.put(r[0], r[1]);
                if (r[2].equals("failed")) {
                    failed++;
                }
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        StringBuilder csv = new StringBuilder("student,score,max");
        exercises.forEach(e -> csv.append(',').append(e));
        csv.append(",status\n");
        rows.values().forEach(r -> csv.append(r).append('\n'));
        Path file = out.resolve("scores.csv");
        ReportWriter.atomicWrite(file, csv.toString());
        return new Result(entries.size() - failed, failed, file);
    }

    /** The student's name: the folder's name, or the zip's without ".zip", made safe as a folder name. */
    static String studentName(Path entry) {
        String name = entry.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    private static String csv(String field) {
        String oneLine = field.replace('\n', ' ').replace('\r', ' ');
        return oneLine.contains(",") || oneLine.contains("\"") ? "\"" + oneLine.replace("\"", "\"\"") + "\""
                : oneLine;
    }
}
