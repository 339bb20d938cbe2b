package gradlab.mnist.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the data for a run, in this order:
 * <ol>
 *   <li>the folder named by {@code --data-dir}, else by the {@code MNIST_DIR} environment variable (it must hold the
 *       four files: naming a folder and silently training on something else would mislead);</li>
 *   <li>the user cache folder {@code ~/.cache/gradlab/<dataset>}, when it holds the four files;</li>
 *   <li>a download into that cache folder (mirrors tried in turn, official md5 sums checked);</li>
 *   <li>for MNIST, the embedded subset ({@link EmbeddedSubset}), saying so and how to get the full set.</li>
 * </ol>
 * Every step says what it did through {@code log}; {@link MnistData#source()} names what was used.
 */
public final class DataSource {
    /** The environment variable naming a data folder. */
    public static final String ENV = "MNIST_DIR";

    private final Path cacheRoot;
    private final List<String> mirrorsOverride;
    private final boolean download;
    private final Consumer<String> log;

    /**
     * @param cacheRoot       the cache root (the dataset's id is appended), normally {@link #defaultCacheRoot()}
     * @param mirrorsOverride base URLs to download from instead of the dataset's own (tests), or null
     * @param download        whether to try downloading at all
     */
    public DataSource(Path cacheRoot, List<String> mirrorsOverride, boolean download, Consumer<String> log) {
        this.cacheRoot = cacheRoot;
        this.mirrorsOverride = mirrorsOverride;
        this.download = download;
        this.log = log;
    }

    /** ~/.cache/gradlab, or $XDG_CACHE_HOME/gradlab. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gradlab");
    }

    /**
     * The data for {@code kind}: from {@code dataDir} if not null, else from {@code env}'s MNIST_DIR, the cache, a
     * download or the embedded subset.
     */
    public MnistData resolve(DatasetKind kind, Path dataDir, Map<String, String> env) throws IOException {
        if (dataDir != null) {
            return readNamed(kind, dataDir, "--data-dir");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return readNamed(kind, Path.of(fromEnv), "the " + ENV + " environment variable");
        }
        Path cache = cacheRoot.resolve(kind.id());
        if (MnistData.hasAllFiles(cache)) {
            return MnistData.readDir(kind, cache, "the full " + kind.id() + " files in the cache " + cache);
        }
        if (download) {
            List<String> mirrors = mirrorsOverride != null ? mirrorsOverride : kind.mirrors();
            log.accept("No " + kind.id() + " files in " + cache + "; downloading from " + mirrors.get(0)
                    + (mirrors.size() > 1 ? " (or " + (mirrors.size() - 1) + " other mirrors)" : ""));
            try {
                new Downloader(Duration.ofSeconds(20), log).download(mirrors, DatasetKind.FILES,
                        List.of(kind.md5(0), kind.md5(1), kind.md5(2), kind.md5(3)), cache);
                return MnistData.readDir(kind, cache, "the full " + kind.id() + " files, downloaded to " + cache);
            } catch (IOException e) {
                log.accept("Download failed: " + e.getMessage());
            }
        }
        if (kind != DatasetKind.MNIST) {
            throw new IOException("No " + kind.id() + " data: not in --data-dir, " + ENV + " or " + cache
                    + (download ? ", and the download failed" : ", and downloading is off") + ". Download the four"
                    + " files (" + String.join(", ", DatasetKind.FILES) + ") from " + kind.mirrors().get(0)
                    + " into " + cache + " or pass --data-dir");
        }
        MnistData embedded = EmbeddedSubset.load();
        log.accept("Training on " + embedded.source() + ". For the full 60,000 + 10,000 images, pass --data-dir"
                + " DIR (or set " + ENV + ") with the four official files, or put them in " + cache
                + " (GradLab downloads them there when it is online).");
        return embedded;
    }

    private static MnistData readNamed(DatasetKind kind, Path dir, String by) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " (named by " + by + ") is not a folder; name a folder holding "
                    + String.join(", ", DatasetKind.FILES) + " (gzipped or not)");
        }
        if (!MnistData.hasAllFiles(dir)) {
            throw new IOException(dir + " (named by " + by + ") lacks some of " + String.join(", ",
                    DatasetKind.FILES) + " (gzipped or not); it holds " + listing(dir));
        }
        return MnistData.readDir(kind, dir, "the " + kind.id() + " files in " + dir + " (" + by + ")");
    }

    private static String listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(12).toList();
            return names.isEmpty() ? "no files" : String.join(", ", names);
        }
    }
}
