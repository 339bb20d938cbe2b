package gradlab.scalar.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import gradlab.scalar.demo.DrawGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph as DOT text, drawn by Graphviz when it is installed; without it, the error says how to get it. */
class DotExporterTest {

    @Test
    void dotTextHasOneBoxPerValueAndOneEllipsePerOperation() {
        String dot = DotExporter.toDot(DrawGraph.neuron());
        // 5 leaves and 5 computed values (2 products, 2 sums, sigmoid): 10 boxes, 5 ellipses
        assertThat(dot.split("shape=record", -1)).hasSize(11);
        assertThat(dot.split("shape=ellipse", -1)).hasSize(6);
        // CS231n's numbers: f = s(1) = 0.7311, df/dw0 = x0 s(1-s) = -0.1966
        assertThat(dot).contains("{ f | data 0.7311 | grad 1.0000 }").contains("{ w0 | data 2.0000 | grad -0.1966 }")
                .contains("label=\"sigmoid\"").contains("label=\"*\"").contains("label=\"+\"");
    }

    @Test
    void renderDrawsAnSvgWithGraphviz(@TempDir Path dir) throws Exception {
        assumeThat(graphvizInstalled()).as("Graphviz's dot is installed").isTrue();
        Path svg = DotExporter.render(DrawGraph.neuron(), dir.resolve("neuron.svg"));
        String text = Files.readString(svg);
        assertThat(text).contains("<svg").contains("sigmoid").contains("0.7311");
        Path png = DotExporter.render(DrawGraph.neuron(), dir.resolve("neuron.png"));
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void theDrawCommandWritesTheDotFileAndThePicture(@TempDir Path dir) throws Exception {
        assumeThat(graphvizInstalled()).as("Graphviz's dot is installed").isTrue();
        DrawGraph.main(new String[] {dir.resolve("neuron.svg").toString()});
        assertThat(Files.readString(dir.resolve("neuron.dot"))).isEqualTo(DotExporter.toDot(DrawGraph.neuron()));
        assertThat(Files.readString(dir.resolve("neuron.svg"))).contains("<svg");
    }

    @Test
    void withoutGraphvizTheErrorSaysHowToGetIt(@TempDir Path dir) {
        assertThatThrownBy(() -> DotExporter.render(DrawGraph.neuron(), dir.resolve("g.svg"), "no-such-dot-program"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Graphviz's 'no-such-dot-program' program is not installed")
                .hasMessageContaining("apt-get install graphviz");
        assertThatThrownBy(() -> DotExporter.render(DrawGraph.neuron(), dir.resolve("g.jpeg")))
                .hasMessageStartingWith("render: cannot tell the picture format from 'g.jpeg'");
    }

    private static boolean graphvizInstalled() {
        try {
            return new ProcessBuilder("dot", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
