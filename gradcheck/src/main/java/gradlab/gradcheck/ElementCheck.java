package gradlab.gradcheck;

import java.util.Locale;

/**
 * One comparison of an analytic derivative with its central-difference estimate.
 *
 * @param what     which derivative, e.g. {@code d out[2] / d W[1, 0]}
 * @param input    the index of the input it belongs to
 * @param numeric  the central-difference estimate
 * @param analytic what backward computed
 * @param allowed  the largest error allowed: atol + rtol * |numeric|
 */
record ElementCheck(String what, int input, double numeric, double analytic, double allowed) {

    double absoluteError() {
        return Math.abs(analytic - numeric);
    }

    /** |analytic - numeric| / max(|analytic|, |numeric|), 0 when both are 0 (CS231n's relative error). */
    double relativeError() {
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        return scale == 0 ? 0 : absoluteError() / scale;
    }

    boolean passed() {
        return absoluteError() <= allowed;
    }

    /** How far outside its tolerance this element is: error / allowed (above 1 fails). */
    double excess() {
        return allowed == 0 ? (absoluteError() == 0 ? 0 : Double.POSITIVE_INFINITY) : absoluteError() / allowed;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s: numeric %.9g, analytic %.9g, abs err %.2e, rel err %.2e, allowed %.2e",
                what, numeric, analytic, absoluteError(), relativeError(), allowed);
    }
}
