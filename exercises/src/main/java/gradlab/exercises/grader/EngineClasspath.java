package gradlab.exercises.grader;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath the student's code is compiled against and runs on: the engine (gradcheck, parts 1-5), JUnit,
 * AssertJ and this module (its helpers and the test JVM's runner). By default it is the grader's own classpath,
 * with manifest-only jars (Maven Surefire's) expanded and this module's own test classes left out.
 */
public final class EngineClasspath {
    private EngineClasspath() {
    }

    /** The entries of the running JVM's classpath, expanded. */
    public static List<Path> current() {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Paths.get(entry).toAbsolutePath().normalize(), out, 0);
            }
        }
        return new ArrayList<>(out);
    }

    /** The entries joined with the platform's separator. */
    public static String join(List<Path> entries) {
        StringBuilder sb = new StringBuilder();
        for (Path p : entries) {
            sb.append(sb.length() == 0 ? "" : File.pathSeparator).append(p);
        }
        return sb.toString();
    }

    private static void add(Path entry, Set<Path> out, int depth) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        if (name.equals("test-classes") || name.startsWith("surefire") || !Files.exists(entry)) {
            return;
        }
        if (Files.isRegularFile(entry) && name.endsWith(".jar") && depth < 2) {
            List<Path> manifestEntries = manifestClassPath(entry);
            if (!manifestEntries.isEmpty() && isManifestOnly(entry)) {
                for (Path p : manifestEntries) {
                    add(p, out, depth + 1);
                }
                return;
            }
        }
        out.add(entry);
    }

    private static boolean isManifestOnly(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().noneMatch(e -> e.getName().endsWith(".class"));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return out;
            }
            for (String item : cp.trim().split("\\s+")) {
                if (item.isEmpty()) {
                    continue;
                }
                try {
                    URI uri = jar.getParent().toUri().resolve(item);
                    out.add(Paths.get(uri).toAbsolutePath().normalize());
                } catch (IllegalArgumentException e) {
                    out.add(jar.getParent().resolve(item).toAbsolutePath().normalize());
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
