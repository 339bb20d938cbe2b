package gradlab.gradcheck;

/**
 * The outcome of a gradient check: whether it passed, how many derivatives were compared, and a report written for
 * the person who has to fix the op (the worst element, the failing count per input, hints, and for small inputs the
 * numeric and analytic Jacobians side by side).
 */
public final class GradCheckResult {
    private final boolean passed;
    private final int elementsChecked;
    private final int elementsFailed;
    private final String report;

    GradCheckResult(boolean passed, int elementsChecked, int elementsFailed, String report) {
        this.passed = passed;
        this.elementsChecked = elementsChecked;
        this.elementsFailed = elementsFailed;
        this.report = report;
    }

    /** True iff every compared derivative is within tolerance and no other check found a problem. */
    public boolean passed() {
        return passed;
    }

    /** How many (analytic, numeric) pairs were compared. */
    public int elementsChecked() {
        return elementsChecked;
    }

    /** How many of them were outside atol + rtol * |numeric|. */
    public int elementsFailed() {
        return elementsFailed;
    }

    /** The human-readable report; its first line says PASSED or FAILED. */
    public String report() {
        return report;
    }

    @Override
    public String toString() {
        return report;
    }
}
