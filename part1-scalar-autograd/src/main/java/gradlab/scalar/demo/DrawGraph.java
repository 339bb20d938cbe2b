package gradlab.scalar.demo;

import gradlab.scalar.value.DotExporter;
import gradlab.scalar.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the sigmoid neuron of CS231n's backpropagation notes, f = s(w0 x0 + w1 x1 + w2) at w = [2, -3, -3],
 * x = [-1, -2], after backward: every value's data and grad. Writes FILE.dot and, with Graphviz installed, FILE
 * (.svg, .png or .pdf; default neuron.svg):
 * <pre>
 *   ./mvnw -q -pl part1-scalar-autograd -am compile exec:java@draw -Dexec.args=neuron.svg
 * </pre>
 * Exit code 0 when drawn, 2 when Graphviz is missing (the .dot file is still written) or the file name is wrong.
 */
public final class DrawGraph {
    private DrawGraph() {
    }

    /** f = s(w0 x0 + w1 x1 + w2) after backward: f = 0.731, df/dw0 = -0.197 (the notes' numbers). */
    public static Value neuron() {
        Value w0 = Value.of(2, "w0");
        Value x0 = Value.of(-1, "x0");
        Value w1 = Value.of(-3, "w1");
        Value x1 = Value.of(-2, "x1");
        Value w2 = Value.of(-3, "w2");
        Value f = w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid().label("f");
        f.backward();
        return f;
    }

    public static void main(String[] args) {
        Path picture = Path.of(args.length > 0 ? args[0] : "neuron.svg");
        Value f = neuron();
        String name = picture.getFileName().toString();
        Path dotFile = picture.resolveSibling((name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name)
                + ".dot");
        try {
            Files.writeString(dotFile, DotExporter.toDot(f), StandardCharsets.UTF_8);
            System.out.println("wrote " + dotFile.toAbsolutePath());
            DotExporter.render(f, picture);
            System.out.println("wrote " + picture.toAbsolutePath());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
