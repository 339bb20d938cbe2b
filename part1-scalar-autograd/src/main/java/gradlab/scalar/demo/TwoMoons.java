package gradlab.scalar.demo;

import java.util.Random;

/**
 * The two-moons toy set: two interleaving half circles in the plane, labelled -1 and +1, with Gaussian noise
 * (as scikit-learn's {@code make_moons}). Not linearly separable, so a classifier needs a hidden layer.
 */
public record TwoMoons(double[][] points, int[] labels) {

    /** {@code n} points (half per moon), noise of standard deviation {@code noise}, from {@code seed}. */
    public static TwoMoons generate(int n, double noise, long seed) {
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
