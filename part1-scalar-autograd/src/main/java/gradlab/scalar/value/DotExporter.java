package gradlab.scalar.value;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the graph behind a {@link Value} in Graphviz DOT, one box per value showing its label, data and grad, and
 * one ellipse per operation, as in micrograd's {@code draw_dot}; {@link #render} draws it as SVG, PNG or PDF with
 * Graphviz's {@code dot} program.
 */
public final class DotExporter {
    private DotExporter() {
    }

    /** The DOT text of every value {@code root} depends on, drawn left to right. */
    public static String toDot(Value root) {
        if (root == null) {
            throw new IllegalArgumentException("toDot(root): root is null; pass the Value whose graph to draw");
        }
        List<Value> order = root.topologicalOrder();
        Map<Value, String> ids = new IdentityHashMap<>();
        for (Value v : order) {
            ids.put(v, "v" + ids.size());
        }
        StringBuilder dot = new StringBuilder("digraph value {\n  rankdir=LR;\n");
        for (Value v : order) {
            String id = ids.get(v);
            dot.append(String.format(Locale.ROOT, "  %s [shape=record, label=\"{ %s | data %.4f | grad %.4f }\"];%n",
                    id, escape(v.label()), v.data(), v.grad()));
            if (!v.op().isEmpty()) {
                dot.append(String.format(Locale.ROOT, "  %s_op [shape=ellipse, label=\"%s\"];%n", id, escape(v.op())));
                dot.append(String.format(Locale.ROOT, "  %s_op -> %s;%n", id, id));
                for (Value child : v.children()) {
                    dot.append(String.format(Locale.ROOT, "  %s -> %s_op;%n", ids.get(child), id));
                }
            }
        }
        return dot.append("}\n").toString();
    }

    /**
     * Draws the graph of {@code root} into {@code file} (.svg, .png or .pdf) with Graphviz's {@code dot}, and
     * returns the file. Needs Graphviz installed ({@code apt-get install graphviz}); without it, the exception says
     * how to get it.
     */
    public static Path render(Value root, Path file) throws IOException {
        return render(root, file, "dot");
    }

    /** {@link #render(Value, Path)} with the Graphviz program named {@code dotCommand}. */
    static Path render(Value root, Path file, String dotCommand) throws IOException {
        if (root == null || file == null) {
            throw new IllegalArgumentException("render(root, file): " + (root == null ? "root" : "file") + " is null;"
                    + " e.g. DotExporter.render(loss, Path.of(\"graph.svg\"))");
        }
        String name = file.getFileName().toString();
        String format = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!List.of("svg", "png", "pdf").contains(format)) {
            throw new IllegalArgumentException("render: cannot tell the picture format from '" + name + "'; name the"
                    + " file .svg, .png or .pdf (or write the DOT text of toDot to a .dot file)");
        }
        Process dot;
        try {
            dot = new ProcessBuilder(dotCommand, "-T" + format, "-o", file.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("Graphviz's '" + dotCommand + "' program is not installed (or not on the PATH), so"
                    + " the graph cannot be drawn. Install it: apt-get install graphviz (Debian, Ubuntu),"
                    + " brew install graphviz (macOS), or see https://graphviz.org/download/. Meanwhile"
                    + " DotExporter.toDot(value) gives the DOT text, which any Graphviz viewer draws.", e);
        }
        try (OutputStream in = dot.getOutputStream()) {
            in.write(toDot(root).getBytes(StandardCharsets.UTF_8));
        }
        String messages = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (dot.waitFor() != 0 || !Files.isRegularFile(file)) {
                throw new IOException("'" + dotCommand + " -T" + format + "' failed to write " + file + ": "
                        + messages);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Graphviz was drawing " + file, e);
        }
        return file;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}")
                .replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }
}
