package gradlab.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server on 127.0.0.1 (never the internet). */
class DownloaderTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private String base;
    /** path -> body served; a path not here is a 404. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(path);
            }
            byte[] body = served.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private final List<String> log = new ArrayList<>();

    private Downloader downloader() {
        return new Downloader(Duration.ofSeconds(5), log::add);
    }

    @Test
    void triesMirrorsInOrderAndChecksMd5() throws Exception {
        byte[] good = "the real file".getBytes();
        byte[] bad = "an altered file".getBytes();
        served.put("/m1/a.gz", bad);        // mirror 1 serves a wrong file
        served.put("/m2/a.gz", good);       // mirror 2 the right one
        downloader().download(List.of(base + "/m0/", base + "/m1/", base + "/m2/"), List.of("a.gz"),
                List.of(md5(good)), dir);
        assertThat(Files.readAllBytes(dir.resolve("a.gz"))).isEqualTo(good);
        assertThat(requests).containsExactly("/m0/a.gz", "/m1/a.gz", "/m2/a.gz");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a.gz"); // no .part left behind
        }
    }

    @Test
    void allMirrorsFailingLeavesNoFileAndListsEachFailure() throws Exception {
        served.put("/m1/a.gz", "truncated".getBytes());
        assertThatThrownBy(() -> downloader().download(List.of(base + "/m0/", base + "/m1/"), List.of("a.gz"),
                List.of(md5("the whole file".getBytes())), dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not download a.gz from any mirror")
                .hasMessageContaining("/m0/a.gz: HTTP 404")
                .hasMessageContaining("/m1/a.gz: md5 ");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).as("no partial or corrupt file").isEmpty();
        }
    }

    @Test
    void keepsAFileAlreadyThereWithTheRightMd5() throws Exception {
        byte[] good = "cached".getBytes();
        Files.write(dir.resolve("a.gz"), good);
        downloader().download(List.of(base + "/m0/"), List.of("a.gz"), List.of(md5(good)), dir);
        assertThat(requests).isEmpty();
    }

    @Test
    void dataSourceDownloadsIntoTheCacheThenReadsIt() throws Exception {
        Path src = dir.resolve("src");
        TinyIdx.writeDataset(src, 20, 10, 1);
        List<String> md5s = new ArrayList<>();
        for (String f : DatasetKind.FILES) {
            byte[] b = Files.readAllBytes(src.resolve(f));
            served.put("/mnist/" + f, b);
            md5s.add(md5(b));
        }
        // The official md5 sums are checked; the small test files have other sums, so point the downloader at
        // them through a fake dataset-independent call first, then check that DataSource reads the cache.
        Path cache = dir.resolve("cache");
        downloader().download(List.of(base + "/mnist/"), DatasetKind.FILES, md5s, cache.resolve("mnist"));
        MnistData data = new DataSource(cache, List.of(base + "/none/"), true, log::add)
                .resolve(DatasetKind.MNIST, null, Map.of());
        assertThat(data.train().size()).isEqualTo(20);
        assertThat(data.source()).contains("cache");
    }

    @Test
    void dataSourceFallsBackToTheEmbeddedSubsetWhenTheDownloadFails() throws Exception {
        List<String> lines = new ArrayList<>();
        MnistData data = new DataSource(dir.resolve("cache"), List.of(base + "/nothing-here/"), true, lines::add)
                .resolve(DatasetKind.MNIST, null, Map.of());
        assertThat(data.full()).isFalse();
        assertThat(data.train().size()).isEqualTo(6000);
        assertThat(String.join("\n", lines)).contains("Download failed").contains("HTTP 404")
                .contains("Training on the embedded MNIST subset").contains("--data-dir");
        try (var s = Files.walk(dir.resolve("cache"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("no partial download").isEmpty();
        }
    }

    @Test
    void dataDirAndEnvironmentComeFirstAndMustHoldTheFiles() throws Exception {
        Path d = dir.resolve("d");
        TinyIdx.writeDataset(d, 30, 10, 2);
        DataSource source = new DataSource(dir.resolve("cache"), List.of(base + "/x/"), false, log::add);
        assertThat(source.resolve(DatasetKind.MNIST, d, Map.of()).train().size()).isEqualTo(30);
        assertThat(source.resolve(DatasetKind.MNIST, null, Map.of("MNIST_DIR", d.toString())).source())
                .contains("MNIST_DIR");
        Files.delete(d.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> source.resolve(DatasetKind.MNIST, d, Map.of()))
                .hasMessageContaining("(named by --data-dir) lacks some of")
                .hasMessageContaining("t10k-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> source.resolve(DatasetKind.FASHION, null, Map.of()))
                .hasMessageContaining("No fashion data").hasMessageContaining("--data-dir");
    }
}
