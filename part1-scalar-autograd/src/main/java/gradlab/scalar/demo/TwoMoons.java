package gradlab.scalar.demo;

import java.util.Arrays;
import java.util.Random;

/**
 * The two-moons toy set: two interleaving half circles in the plane, labelled -1 and +1, with Gaussian noise
 * (as scikit-learn's {@code make_moons}). Not linearly separable, so a classifier needs a hidden layer.
 */
public record TwoMoons(double[][] points, int[] labels) {

    /** Checks that there is one label (-1 or +1) per point and that every point is two finite coordinates. */
    public TwoMoons {
        if (points == null || labels == null || points.length != labels.length) {
            throw new IllegalArgumentException("TwoMoons needs one label per point, got " + (points == null ? "null"
                    : points.length) + " points and " + (labels == null ? "null" : labels.length) + " labels");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2 || !Double.isFinite(points[i][0])
                    || !Double.isFinite(points[i][1])) {
                throw new IllegalArgumentException("TwoMoons: points[" + i + "] = " + Arrays.toString(points[i])
                        + "; every point is two finite coordinates {x, y}");
            }
            if (labels[i] != -1 && labels[i] != 1) {
                throw new IllegalArgumentException("TwoMoons: labels[" + i + "] = " + labels[i] + "; labels are -1"
                        + " or +1");
            }
        }
    }

    /** {@code n} points (half per moon), noise of standard deviation {@code noise}, from {@code seed}. */
    public static TwoMoons generate(int n, double noise, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("TwoMoons.generate: n = " + n + " points; pass n >= 2 (half per moon),"
                    + " e.g. 100");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("TwoMoons.generate: noise = " + noise + "; pass a finite standard"
                    + " deviation >= 0, e.g. 0.1");
        }
        Random random = new Random(seed);
        double[][] points = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean upper = i < n / 2;
            double t = Math.PI * random.nextDouble();
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            points[i][0] = x + noise * random.nextGaussian();
            points[i][1] = y + noise * random.nextGaussian();
            labels[i] = upper ? -1 : 1;
        }
        return new TwoMoons(points, labels);
    }

    public int size() {
        return labels.length;
    }
}
