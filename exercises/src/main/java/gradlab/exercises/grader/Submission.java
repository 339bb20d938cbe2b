package gradlab.exercises.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A student's submission: a folder or a zip holding (some of) the workbook's files, anywhere inside it. For each
 * {@link ExerciseFile} the file whose path ends with the exercise's path ({@code gradlab/exercises/ex2/MatMul.java})
 * is taken, else a file of the same name; files under a folder called {@code solutions} are never taken. Zips are
 * unpacked with limits (no paths outside the folder, at most 5,000 entries and 50 MB).
 */
public final class Submission {
    private static final int MAX_ENTRIES = 5_000;
    private static final long MAX_BYTES = 50L * 1024 * 1024;
    private static final long MAX_SOURCE_BYTES = 1024 * 1024;

    private Submission() {
    }

    /** The folder to search: {@code path} itself, or a zip unpacked into {@code scratch}. */
    public static Path open(Path path, Path scratch) throws IOException, GradingException {
        if (path == null || scratch == null) {
            throw new IllegalArgumentException("Submission.open: " + (path == null ? "the submission path"
                    : "the scratch folder") + " is null");
        }
        if (Files.isDirectory(path)) {
            List<Path> zips;
            try (Stream<Path> list = Files.list(path)) {
                zips = list.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".zip")).sorted().toList();
            }
            if (locate(path).isEmpty() && zips.size() == 1) {
                return open(zips.get(0), scratch);   // a folder holding the uploaded zip (Gradescope keeps it as is)
            }
            return path;
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase().endsWith(".zip")) {
            Path dir = scratch.resolve("unzipped");
            unzip(path, dir);
            return dir;
        }
        throw new GradingException("submission " + path + " is neither a folder nor a .zip file; pass the folder"
                + " holding the student's exercise sources (e.g. exercises/src/workbook/java) or a zip of it");
    }

    /** The submitted file for each exercise file found (missing ones are absent from the map). */
    public static Map<ExerciseFile, Path> locate(Path root) throws IOException {
        List<Path> javaFiles;
        try (Stream<Path> walk = Files.walk(root, 30)) {
            javaFiles = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?solutions/.*"))
                    .sorted(Comparator.comparing((Path p) -> p.getNameCount()).thenComparing(Path::toString))
                    .toList();
        }
        Map<ExerciseFile, Path> found = new LinkedHashMap<>();
        for (ExerciseFile f : ExerciseFile.ALL) {
            Optional<Path> bySuffix = javaFiles.stream()
                    .filter(p -> ("/" + root.relativize(p).toString().replace('\\', '/')).endsWith("/" + f.path()))
                    .findFirst();
            Optional<Path> byName = javaFiles.stream()
                    .filter(p -> p.getFileName().toString().equals(f.fileName())).findFirst();
            bySuffix.or(() -> byName).filter(p -> sizeOk(p)).ifPresent(p -> found.put(f, p));
        }
        return found;
    }

    private static boolean sizeOk(Path p) {
        try {
            return Files.size(p) <= MAX_SOURCE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private static void unzip(Path zip, Path dir) throws IOException, GradingException {
        Files.createDirectories(dir);
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > MAX_ENTRIES) {
                throw new GradingException("submission zip " + zip + " has " + file.size() + " entries, more than "
                        + MAX_ENTRIES + "; submit only the exercise sources");
            }
            for (ZipEntry e : java.util.Collections.list(file.entries())) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    continue;   // "../" paths: never written outside the folder
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                byte[] buffer = new byte[8192];
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                try (InputStream in = file.getInputStream(e); var out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                        total += n;
                        if (total > MAX_BYTES) {
                            throw new GradingException("submission zip " + zip + " unpacks to more than 50 MB;"
                                    + " submit only the exercise sources");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                // ZipFile does not check a deflated entry's CRC-32: a corrupted byte would be graded as the source
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new GradingException("submission zip " + zip + ": entry " + e.getName() + " is corrupt"
                            + " (its CRC-32 is " + Long.toHexString(crc.getValue()) + ", the zip says "
                            + Long.toHexString(e.getCrc()) + "); zip the files again and resubmit");
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new GradingException("submission " + zip + " is not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    /** Files of a folder, sorted, relative paths with forward slashes (for hashing and listing). */
    static List<Path> sortedFiles(Path dir, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().forEach(out::add);
        }
        return out;
    }
}
