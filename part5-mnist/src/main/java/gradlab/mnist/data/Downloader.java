package gradlab.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Downloads a dataset's four files into a folder: each file from the first mirror that serves it with the official
 * md5. A file is written to a temporary file beside its target and renamed only once its md5 is right, so the folder
 * never holds a partial or corrupt file; a file already there with the right md5 is kept.
 */
public final class Downloader {
    private final HttpClient client;
    private final Duration timeout;
    private final Consumer<String> log;

    /** A downloader with the given per-request timeout, printing what it does to {@code log}. */
    public Downloader(Duration timeout, Consumer<String> log) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * Fetches the four files of {@code kind} from {@code mirrors} (base URLs) into {@code dir}, checking each against
     * {@code md5s} (in {@link DatasetKind#FILES} order).
     *
     * @throws IOException no mirror served a file with the right md5; the message lists each mirror's failure
     */
    public void download(List<String> mirrors, List<String> files, List<String> md5s, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < files.size(); i++) {
            Path target = dir.resolve(files.get(i));
            if (Files.isRegularFile(target) && md5(target).equals(md5s.get(i))) {
                continue;
            }
            List<String> failures = new ArrayList<>();
            boolean done = false;
            for (String mirror : mirrors) {
                String url = mirror + files.get(i);
                try {
                    fetch(url, target, md5s.get(i));
                    log.accept("downloaded " + url + " (md5 ok)");
                    done = true;
                    break;
                } catch (IOException e) {
                    failures.add(url + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("download of " + url + " interrupted", e);
                }
            }
            if (!done) {
                throw new IOException("could not download " + files.get(i) + " from any mirror:\n  "
                        + String.join("\n  ", failures));
            }
        }
    }

    /** One file: to a temporary file in the target's folder, md5 checked, then renamed over the target. */
    private void fetch(String url, Path target, String expectedMd5) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Path tmp = gradlab.mnist.AtomicFiles.tempBeside(target, "");
            try {
                MessageDigest digest = newMd5();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                    body.transferTo(out);
                }
                String got = HexFormat.of().formatHex(digest.digest());
                if (!got.equals(expectedMd5)) {
                    throw new IOException("md5 " + got + " is not the official " + expectedMd5
                            + " (a truncated or altered file)");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The md5 of a file, as 32 lower-case hex digits. */
    public static String md5(Path file) throws IOException {
        MessageDigest digest = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5 (every Java SE has it)", e);
        }
    }
}
