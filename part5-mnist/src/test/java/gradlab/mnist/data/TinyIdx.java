package gradlab.mnist.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: images whose pixels encode their label, so a model can learn them. */
public final class TinyIdx {
    private TinyIdx() {
    }

    /** IDX bytes of {@code count} images rows x cols. */
    public static byte[] images(byte[] pixels, int count, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000803);
        d.writeInt(count);
        d.writeInt(rows);
        d.writeInt(cols);
        d.write(pixels);
        return b.toByteArray();
    }

    public static byte[] labels(int[] labels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x00000801);
        d.writeInt(labels.length);
        for (int l : labels) {
            d.writeByte(l);
        }
        return b.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(data);
        }
        return b.toByteArray();
    }

    /**
     * A learnable 28x28 dataset of {@code n} examples: label c lights a bright 4x28 band at rows 2c..2c+3 (plus
     * seeded noise), so a small MLP separates the classes within an epoch or two.
     */
    public static void writeDataset(Path dir, int trainN, int testN, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        write(dir, "train", trainN, r);
        write(dir, "t10k", testN, r);
    }

    /**
     * As {@link #writeDataset}, but a fraction {@code noisy} of the <em>training</em> labels replaced by labels drawn
     * from {@code Random(seed + 1)} (the images stay those of their true class). A model first learns the bands, then
     * memorises the wrong labels, so its validation loss falls and then rises: the overfitting that early stopping
     * is for. The test set keeps its true labels.
     */
    public static void writeDatasetWithNoisyLabels(Path dir, int trainN, int testN, long seed, double noisy)
            throws IOException {
        writeDataset(dir, trainN, testN, seed);
        Random flip = new Random(seed + 1);
        int[] lab = new int[trainN];
        for (int i = 0; i < trainN; i++) {
            lab[i] = flip.nextDouble() < noisy ? flip.nextInt(10) : i % 10;
        }
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(lab)));
    }

    private static void write(Path dir, String prefix, int n, Random r) throws IOException {
        byte[] px = new byte[n * 784];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean on = row >= 2 * lab[i] + 2 && row < 2 * lab[i] + 6;
                px[i * 784 + p] = (byte) (on ? 200 + r.nextInt(56) : r.nextInt(60));
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(images(px, n, 28, 28)));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(labels(lab)));
    }
}
