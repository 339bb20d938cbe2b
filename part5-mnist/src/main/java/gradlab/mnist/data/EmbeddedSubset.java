package gradlab.mnist.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The small real MNIST subset shipped inside the jar, so the first run needs no download: 6,000 training and
 * 1,000 test images drawn from the official files, stratified by class (see the resource folder's README.md for its
 * attribution, md5 sums and the command that made it: {@link gradlab.mnist.tools.MakeEmbeddedSubset}).
 *
 * <p>MNIST: Y. LeCun, C. Cortes, C. J. C. Burges, CC BY-SA 3.0.
 */
public final class EmbeddedSubset {
    /** The class-path folder of the four files. */
    public static final String FOLDER = "/gradlab/mnist/embedded/";
    /** The resource names, in {@link DatasetKind#FILES} order. */
    public static final String[] FILES = {"train-images.idx3.gz", "train-labels.idx1.gz", "test-images.idx3.gz",
            "test-labels.idx1.gz"};

    private EmbeddedSubset() {
    }

    /** Reads the subset from the class path. */
    public static MnistData load() throws IOException {
        Dataset train = Dataset.of(IdxReader.readImages(name(0), open(0)),
                IdxReader.readLabels(name(1), open(1), 10), "embedded training subset");
        Dataset test = Dataset.of(IdxReader.readImages(name(2), open(2)),
                IdxReader.readLabels(name(3), open(3), 10), "embedded test subset");
        return new MnistData(DatasetKind.MNIST, train, test, "the embedded MNIST subset (" + train.size()
                + " training + " + test.size() + " test images, stratified; MNIST by Y. LeCun, C. Cortes,"
                + " C. J. C. Burges, CC BY-SA 3.0)", false);
    }

    private static String name(int i) {
        return "classpath:" + FOLDER + FILES[i];
    }

    private static InputStream open(int i) throws IOException {
        InputStream in = EmbeddedSubset.class.getResourceAsStream(FOLDER + FILES[i]);
        if (in == null) {
            throw new IOException(name(i) + ": resource missing from the class path; the jar is incomplete."
                    + " Rebuild part5-mnist, or pass --data-dir with the full files");
        }
        return in;
    }
}
