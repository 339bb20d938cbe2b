package gradlab.scalar.value;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the graph behind a {@link Value} in Graphviz DOT, one box per value showing its label, data and grad, and
 * one ellipse per operation, as in micrograd's {@code draw_dot}. Render it with {@code dot -Tsvg graph.dot}.
 */
public final class DotExporter {
    private DotExporter() {
    }

    /** The DOT text of every value {@code root} depends on, drawn left to right. */
    public static String toDot(Value root) {
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

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}")
                .replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }
}
