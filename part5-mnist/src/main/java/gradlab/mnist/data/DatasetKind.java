package gradlab.mnist.data;

import java.util.List;

/**
 * The two datasets in MNIST's format: the four file names, where to download them and their official md5 sums.
 * Fashion-MNIST (Zalando; H. Xiao, K. Rasul, R. Vollgraf) is a drop-in replacement: 28x28 grey images of ten kinds
 * of clothing, same file names, same sizes.
 */
public enum DatasetKind {
    MNIST("mnist",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            new String[] {"f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                    "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"},
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    FASHION("fashion",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new String[] {"8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                    "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"},
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"));

    /** The four files, in this order everywhere: training images, training labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private final String id;
    private final List<String> mirrors;
    private final String[] md5;
    private final List<String> classNames;

    DatasetKind(String id, List<String> mirrors, String[] md5, List<String> classNames) {
        this.id = id;
        this.mirrors = mirrors;
        this.md5 = md5;
        this.classNames = classNames;
    }

    /** The name on the command line ({@code --dataset mnist|fashion}) and of the cache folder. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** Base URLs tried in order; a file's URL is base + file name. */
    public List<String> mirrors() {
        return mirrors;
    }

    /** The official md5 of {@code FILES.get(i)}. */
    public String md5(int i) {
        return md5[i];
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The kind named {@code id} on the command line. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static DatasetKind fromId(String id) {
        for (DatasetKind k : values()) {
            if (k.id.equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--dataset: '" + id + "' is not a dataset; expected mnist or fashion");
    }
}
