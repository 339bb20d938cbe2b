package gradlab.exercises.grader;

/** Grading could not be done (not: the student scored badly). The message says why and what to fix. */
public final class GradingException extends Exception {
    private static final long serialVersionUID = 1L;

    public GradingException(String message) {
        super(message);
    }

    public GradingException(String message, Throwable cause) {
        super(message, cause);
    }
}
