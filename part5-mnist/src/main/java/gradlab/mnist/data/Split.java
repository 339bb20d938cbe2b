package gradlab.mnist.data;

import java.util.Random;

/**
 * The homework's train/validation split (PyTorch's {@code random_split}): a random permutation of the training
 * set's indices, the first {@code round(n * valFraction)} for validation and the rest for training.
 */
public record Split(int[] train, int[] validation) {

    /** Splits [0, n) with a permutation drawn from {@code random}; {@code valFraction} in [0, 1). */
    public static Split of(int n, double valFraction, Random random) {
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("--val-split: " + valFraction + " is not a fraction in [0, 1);"
                    + " expected e.g. 0.2 (20% of the training set for validation) or 0 for none");
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int v = (int) Math.round(n * valFraction);
        if (v == 0 && valFraction > 0 || n - v == 0) {
            throw new IllegalArgumentException("--val-split: " + valFraction + " of " + n + " examples leaves "
                    + v + " for validation and " + (n - v) + " for training; both need at least one");
        }
        int[] val = java.util.Arrays.copyOfRange(perm, 0, v);
        int[] train = java.util.Arrays.copyOfRange(perm, v, n);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(train);
        return new Split(train, val);
    }
}
