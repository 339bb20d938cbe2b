package gradlab.mnist.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset's training and test sets, and where they came from ({@code source}, printed by every run).
 *
 * @param full whether the data was read from IDX files (normally the complete 60,000 + 10,000 images) rather than the embedded subset
 */
public record MnistData(DatasetKind kind, Dataset train, Dataset test, String source, boolean full) {

    /** Reads the four IDX files (raw or gzipped) of {@code kind} from {@code dir}. */
    public static MnistData readDir(DatasetKind kind, Path dir, String source) throws IOException {
        Path[] f = new Path[4];
        for (int i = 0; i < 4; i++) {
            f[i] = resolve(dir, DatasetKind.FILES.get(i));
        }
        int classes = kind.classNames().size();
        Dataset train = Dataset.of(IdxReader.readImages(f[0]), IdxReader.readLabels(f[1], classes),
                "training set in " + dir);
        Dataset test = Dataset.of(IdxReader.readImages(f[2]), IdxReader.readLabels(f[3], classes),
                "test set in " + dir);
        return new MnistData(kind, train, test, source, true);
    }

    /** {@code name} in {@code dir}, or the same name without ".gz" when only the uncompressed file is there. */
    static Path resolve(Path dir, String name) {
        Path gz = dir.resolve(name);
        Path raw = dir.resolve(name.substring(0, name.length() - 3));
        return !java.nio.file.Files.exists(gz) && java.nio.file.Files.exists(raw) ? raw : gz;
    }

    /** Whether {@code dir} holds all four files (gzipped or not). */
    public static boolean hasAllFiles(Path dir) {
        for (String name : DatasetKind.FILES) {
            if (!java.nio.file.Files.isRegularFile(resolve(dir, name))) {
                return false;
            }
        }
        return true;
    }
}
