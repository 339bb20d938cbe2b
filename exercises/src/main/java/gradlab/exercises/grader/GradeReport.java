package gradlab.exercises.grader;

import gradlab.exercises.grading.GradedUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of grading one submission.
 *
 * @param units          every graded test, in the suite's order
 * @param replaced       exercise files graded with their stub in place, and why (missing, or the compiler's errors)
 * @param notes          other things the report must say (test JVM restarts)
 * @param engineMentions per submitted file, its mentions of engine code that already solves an exercise
 *                       ({@link EngineUse}): for the instructor to look at, not scored
 * @param engineVersion  the GradLab version that graded
 * @param suiteHash      SHA-256 of the hidden test sources
 * @param submissionHash SHA-256 of the exercise files taken from the submission
 * @param seconds        wall-clock time of the grading
 */
public record GradeReport(List<GradedUnit> units, Map<String, String> replaced, List<String> notes,
                          Map<String, List<String>> engineMentions, String engineVersion, String suiteHash, String submissionHash, long seconds) {

    public double score() {
        return units.stream().mapToDouble(GradedUnit::score).sum();
    }

    public double maxScore() {
        return units.stream().mapToDouble(GradedUnit::maxScore).sum();
    }

    /** {exercise: {score, max}} in exercise order (every workbook exercise, even one with no tests here). */
    public Map<String, double[]> byExercise() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String e : ExerciseFile.exercises()) {
            out.put(e, new double[2]);
        }
        for (GradedUnit u : units) {
            double[] s = out.computeIfAbsent(u.exercise(), k -> new double[2]);
            s[0] += u.score();
            s[1] += u.maxScore();
        }
        return out;
    }
}
