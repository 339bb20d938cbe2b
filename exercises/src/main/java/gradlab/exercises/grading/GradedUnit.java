package gradlab.exercises.grading;

import java.util.List;

/**
 * The outcome of one graded test method (a method with {@link Points}): its name as shown to the student, its
 * exercise tag, the points earned out of the points it is worth, and what went wrong (empty when it passed).
 *
 * @param id       JUnit's unique id of the method
 * @param name     the method's display name (it says the exercise, the check and the seed)
 * @param exercise the exercise tag ("ex2"), or "untagged"
 * @param tags     every JUnit tag of the method
 * @param score    points earned: {@code maxScore} if everything passed, else 0
 * @param maxScore the method's {@code @Points}
 * @param output   the failures (first line: which case and what was wrong), then captured output; empty if passed
 */
public record GradedUnit(String id, String name, String exercise, List<String> tags, double score, double maxScore,
                         String output) {

    public boolean passed() {
        return score == maxScore;
    }
}
