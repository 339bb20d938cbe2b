package gradlab.exercises.support;

import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.tensor.DType;
import gradlab.tensor.device.CpuDevice;
import java.util.Random;

/**
 * A tiny seeded classification dataset for the training-loop tests of ex5.1: {@code classes} Gaussian blobs in
 * {@code features} dimensions (class c's centre drawn from N(0, 2^2) per coordinate, each example its centre plus
 * N(0, 0.5^2) noise), stored as part 5 {@link Dataset} of 1 x features "images", so part 5's {@link DataLoader}
 * serves it. A small MLP separates the blobs in a few epochs.
 */
public final class Blobs {
    private Blobs() {
    }

    /** {@code n} examples, labels cycling 0, 1, ..., classes - 1; the same seed gives the same data. */
    public static Dataset dataset(long seed, int n, int features, int classes) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = 2 * r.nextGaussian();
            }
        }
        double[] x = new double[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = centres[y[i]][j] + 0.5 * r.nextGaussian();
            }
        }
        return new Dataset(x, y, 1, features);
    }

    /**
     * A shuffling float64 CPU loader over examples [from, to), its order drawn from {@code new Random(shuffleSeed)}
     * (train on one range, evaluate on another: the same blobs, other examples).
     */
    public static DataLoader shuffled(Dataset data, int from, int to, int batchSize, long shuffleSeed) {
        return new DataLoader(data, range(from, to), batchSize, true, false, new Random(shuffleSeed),
                CpuDevice.INSTANCE, DType.FLOAT64);
    }

    /** Examples [from, to) in order, float64 on the CPU, the last smaller batch kept (evaluation). */
    public static DataLoader sequential(Dataset data, int from, int to, int batchSize) {
        return new DataLoader(data, range(from, to), batchSize, false, false, null, CpuDevice.INSTANCE, DType.FLOAT64);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
