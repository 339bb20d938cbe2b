package gradlab.exercises.grading;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the score table after a test run that contained graded tests ({@link Points}): points per exercise and
 * the total, and the failed checks with their first message line. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so it runs under Maven, an IDE or
 * the console launcher alike; a run without graded tests prints nothing.
 */
public class ScoreTableListener implements TestExecutionListener {
    private final PointsScorer scorer = new PointsScorer();
    private final List<GradedUnit> results = new ArrayList<>();
    private final PrintStream out;

    public ScoreTableListener() {
        this(System.out);
    }

    public ScoreTableListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        scorer.planStarted(testPlan);
    }

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        scorer.started(testIdentifier);
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        scorer.skipped(testIdentifier, reason).ifPresent(results::add);
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        scorer.finished(testIdentifier, result).ifPresent(results::add);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!results.isEmpty()) {
            out.print(table(results));
            out.flush();
        }
    }

    /** The score table of some graded units, as plain text. */
    public static String table(List<GradedUnit> units) {
        Map<String, double[]> byExercise = new TreeMap<>();
        for (GradedUnit u : units) {
            double[] s = byExercise.computeIfAbsent(u.exercise(), k -> new double[3]);
            s[0] += u.score();
            s[1] += u.maxScore();
            s[2] += u.passed() ? 0 : 1;
        }
        StringBuilder sb = new StringBuilder("\n==== GradLab workbook score ====\n");
        sb.append(String.format(Locale.ROOT, "%-10s %8s %8s %8s%n", "exercise", "points", "max", "failed"));
        double total = 0;
        double max = 0;
        for (Map.Entry<String, double[]> e : byExercise.entrySet()) {
            double[] s = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-10s %8.0f %8.0f %8.0f%n", e.getKey(), s[0], s[1], s[2]));
            total += s[0];
            max += s[1];
        }
        sb.append(String.format(Locale.ROOT, "%-10s %8.0f %8.0f%n", "total", total, max));
        List<GradedUnit> sorted = new ArrayList<>(units);
        sorted.sort(java.util.Comparator.comparing(GradedUnit::exercise).thenComparing(GradedUnit::name));
        for (GradedUnit u : sorted) {
            if (!u.passed()) {
                String first = u.output().isEmpty() ? "" : u.output().split("\n", 2)[0];
                sb.append("  - ").append(u.name()).append(" (0/").append((int) u.maxScore()).append(")\n      ")
                        .append(first).append('\n');
            }
        }
        return sb.toString();
    }
}
