package gradlab.exercises.grader;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources in-process with the JDK's compiler ({@code javax.tools}), collecting errors per file. */
public final class SourceCompiler {
    private SourceCompiler() {
    }

    /**
     * The outcome: whether it compiled, the error messages of each source file that had errors, and errors that
     * belong to no file (a bad classpath, an unreadable file).
     */
    public record Result(boolean success, Map<Path, List<String>> errorsByFile, List<String> otherErrors) {

        /** Every error, one per line, as the compiler printed it. */
        public String allErrors() {
            StringBuilder sb = new StringBuilder();
            errorsByFile.forEach((file, errors) -> errors.forEach(e -> sb.append(e).append('\n')));
            otherErrors.forEach(e -> sb.append(e).append('\n'));
            return sb.toString();
        }
    }

    /** Whether this JVM has a compiler (a JDK, not a JRE). */
    public static boolean available() {
        return ToolProvider.getSystemJavaCompiler() != null;
    }

    /** Compiles {@code sources} against {@code classpath} into {@code outDir} (created if missing). */
    public static Result compile(List<Path> sources, String classpath, Path outDir) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): the grader needs a JDK, not a JRE; run it with a JDK 17 or newer");
        }
        Files.createDirectories(outDir);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            List<String> options = List.of("-d", outDir.toString(), "-classpath", classpath, "-proc:none",
                    "-encoding", "UTF-8", "-g", "-nowarn", "-implicit:none");
            ok = Boolean.TRUE.equals(compiler.getTask(otherOutput, files, diagnostics, options, null, units).call());
        }
        Map<Path, List<String>> byFile = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (d.getSource() == null) {
                other.add("error: " + message);
            } else {
                Path file = Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
                byFile.computeIfAbsent(file, k -> new ArrayList<>())
                        .add(file.getFileName() + ":" + d.getLineNumber() + ": error: " + message);
            }
        }
        if (!otherOutput.toString().isBlank()) {
            other.add(otherOutput.toString().strip());
        }
        return new Result(ok, byFile, other);
    }
}
