package gradlab.mnist.tools;

import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.Downloader;
import gradlab.mnist.data.EmbeddedSubset;
import gradlab.mnist.data.IdxReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the embedded subset ({@link EmbeddedSubset}) from the official MNIST files: a stratified sample, i.e. each
 * class keeps its share of the full set (largest remainders round the counts so they sum exactly), drawn at random
 * with a fixed seed within each class, in the original order. Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl part5-mnist -am compile exec:java -Dexec.mainClass=gradlab.mnist.tools.MakeEmbeddedSubset \
 *     -Dexec.args="../shared/datasets/mnist part5-mnist/src/main/resources/gradlab/mnist/embedded"
 * </pre>
 *
 * It checks the input files' official md5 sums first, and writes gzip files without a timestamp, so the same input
 * always gives byte-identical output (the md5 sums in the resource folder's README.md).
 */
public final class MakeEmbeddedSubset {
    /** Sizes and seed of the shipped subset. */
    public static final int TRAIN = 6000;
    public static final int TEST = 1000;
    public static final long SEED = 20261201L;

    private MakeEmbeddedSubset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MakeEmbeddedSubset <folder of the official MNIST .gz files> <output folder>");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        for (int i = 0; i < 4; i++) {
            Path f = in.resolve(DatasetKind.FILES.get(i));
            String md5 = Downloader.md5(f);
            if (!md5.equals(DatasetKind.MNIST.md5(i))) {
                throw new IOException(f + ": md5 " + md5 + " is not the official " + DatasetKind.MNIST.md5(i));
            }
        }
        Files.createDirectories(out);
        write(in, out, 0, TRAIN, new Random(SEED));
        write(in, out, 2, TEST, new Random(SEED + 1));
        for (String name : EmbeddedSubset.FILES) {
            Path f = out.resolve(name);
            System.out.println(Downloader.md5(f) + "  " + name + "  (" + Files.size(f) + " bytes)");
        }
    }

    private static void write(Path in, Path out, int first, int n, Random random) throws IOException {
        IdxReader.IdxImages images = IdxReader.readImages(in.resolve(DatasetKind.FILES.get(first)));
        int[] labels = IdxReader.readLabels(in.resolve(DatasetKind.FILES.get(first + 1)), 10);
        int[] chosen = stratifiedSample(labels, 10, n, random);
        int size = images.rows() * images.cols();
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        DataOutputStream di = new DataOutputStream(img);
        di.writeInt(0x00000803);
        di.writeInt(n);
        di.writeInt(images.rows());
        di.writeInt(images.cols());
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream dl = new DataOutputStream(lab);
        dl.writeInt(0x00000801);
        dl.writeInt(n);
        for (int i : chosen) {
            di.write(images.pixels(), i * size, size);
            dl.writeByte(labels[i]);
        }
        gzip(img.toByteArray(), out.resolve(EmbeddedSubset.FILES[first]));
        gzip(lab.toByteArray(), out.resolve(EmbeddedSubset.FILES[first + 1]));
    }

    /**
     * Indices of {@code n} examples, each class c getting n * count(c) / total of them (largest remainders decide
     * the rounding), chosen uniformly within the class; returned in increasing order.
     */
    public static int[] stratifiedSample(int[] labels, int classes, int n, Random random) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] quota = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) n * byClass.get(c).size() / labels.length;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        while (given < n) { // the largest remainder gets one more, ties to the lower class
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        int[] out = new int[n];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            java.util.Collections.shuffle(members, random);
            for (int j = 0; j < quota[c]; j++) {
                out[k++] = members.get(j);
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** gzip with no file name and a zero timestamp (GZIPOutputStream writes both so), so output is reproducible. */
    private static void gzip(byte[] data, Path file) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            o.write(data);
        }
    }
}
