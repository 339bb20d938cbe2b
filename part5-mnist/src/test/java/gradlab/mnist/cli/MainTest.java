package gradlab.mnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.mnist.data.TinyIdx;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line end to end on a tiny dataset it writes (never the network, never the real files). */
public class MainTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static String trainOutput;

    /** What a command printed (out and err together) and its exit code. */
    public record Outcome(int code, String out, String err) {
    }

    public static Outcome main(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        data = dir.resolve("data");
        TinyIdx.writeDataset(data, 200, 50, 21);
        run = dir.resolve("run");
        Outcome o = main("train", "--epochs", "2", "--batch-size", "16", "--hidden", "32,16", "--data-dir",
                data.toString(), "--device", "cpu", "--threads", "1", "--out", run.toString(), "--no-progress");
        assertThat(o.code()).as("train exit code; err: %s", o.err()).isZero();
        trainOutput = o.out();
    }

    @Test
    void trainPrintsEpochLinesTestAccuracyAndWritesTheRun() throws Exception {
        assertThat(trainOutput).contains("data: the mnist files in " + data).contains("model: 784-32-16-10 relu"
                + " dropout 0.2, crossentropy, sgd lr 0.1, batch 16, float32, seed 0")
                .contains("device: cpu (GradLab's CPU device), 1 thread")
                .contains("examples: 160 training, 40 validation, 50 test")
                .contains("epoch   1  train loss").contains("epoch   2  train loss")
                .contains("test accuracy: ").contains("per class:  0 ").contains("confusion matrix")
                .contains("2 epochs in ");
        for (String f : List.of("metrics.json", "model.safetensors", "checkpoint.safetensors", "curves.png",
                "confusion.png", "misclassified.png")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(m.get("epochs")).hasSize(2);
        assertThat(m.get("config").get("batch_size").asInt()).isEqualTo(16);
        // the run ends with the epoch of the lowest validation loss, and says so
        int best = m.get("epochs").get(1).get("val_loss").asDouble() < m.get("epochs").get(0).get("val_loss")
                .asDouble() ? 2 : 1;
        assertThat(m.get("best_epoch").asInt()).isEqualTo(best);
        assertThat(trainOutput).contains(String.format("weights: epoch %d's, the best validation loss (%.4f)", best,
                m.get("epochs").get(best - 1).get("val_loss").asDouble()));
    }

    @Test
    void evaluateReproducesTheTestAccuracyOfTheRun() throws Exception {
        double acc = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).get("test_accuracy")
                .asDouble();
        Outcome o = main("evaluate", run.toString(), "--data-dir", data.toString(), "--device", "cpu");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains(String.format("test accuracy: %.2f%% (%d of 50)", 100 * acc,
                Math.round(acc * 50)));
    }

    @Test
    void predictAnIndexPrintsProbabilitiesThatSumToOne() {
        Outcome o = main("predict", run.resolve("model.safetensors").toString(), "--index", "3", "--data-dir",
                data.toString());
        assertThat(o.code()).as(o.err()).isZero();
        double sum = 0;
        for (String line : o.out().lines().filter(l -> l.matches("^\\d\\s+.*%.*")).toList()) {
            sum += Double.parseDouble(line.trim().split("\\s+")[1].replace("%", ""));
        }
        assertThat(sum).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(o.out()).contains("prediction: ").contains("true label: 3"); // TinyIdx: label = index % 10
    }

    @Test
    void predictAPngOfADarkDigitOnLightInvertsIt() throws Exception {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                boolean band = r >= 2 * 4 + 2 && r < 2 * 4 + 6; // class 4's band, dark on white
                int v = band ? 10 : 250;
                img.setRGB(c, r, (v << 16) | (v << 8) | v);
            }
        }
        Path png = dir.resolve("four.png");
        ImageIO.write(img, "png", png.toFile());
        Outcome o = main("predict", run.toString(), "--png", png.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("inverting").contains("prediction: 4");
    }

    @Test
    void resumeContinuesAndRefusesAChangedOption() throws Exception {
        Path r2 = dir.resolve("resumed");
        Files.createDirectories(r2);
        Files.copy(run.resolve("checkpoint.safetensors"), r2.resolve("checkpoint.safetensors"));
        Outcome bad = main("train", "--resume", "--out", r2.toString(), "--lr", "0.5", "--data-dir", data.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --lr: 0.5 differs from the checkpoint's 0.1");
        Outcome ok = main("train", "--resume", "--out", r2.toString(), "--epochs", "3", "--data-dir",
                data.toString(), "--no-progress", "--threads", "1");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("after epoch 2").contains("epoch   3  train loss").contains("1 epoch in ")
                .doesNotContain("epoch   1  train loss");
        assertThat(new ObjectMapper().readTree(r2.resolve("metrics.json").toFile()).get("epochs")).hasSize(3);
    }

    @Test
    void gridWritesMarkdownAndCsv() throws Exception {
        Path g = dir.resolve("grid");
        Outcome o = main("grid", "--epochs", "1", "--activations", "relu,tanh", "--losses", "crossentropy",
                "--optimizers", "sgd", "--batch-sizes", "32", "--lrs", "0.05", "--data-dir", data.toString(),
                "--out", g.toString(), "--threads", "1");
        assertThat(o.code()).as(o.err()).isZero();
        List<String> csv = Files.readAllLines(g.resolve("grid.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).isEqualTo("part,activation,loss,optimizer,batch_size,lr,test_error,best_val_loss,"
                + "seconds");
        assertThat(csv.get(1)).startsWith("grid,relu,crossentropy,sgd,128,0.1,");
        assertThat(csv.get(2)).startsWith("grid,tanh,crossentropy,sgd,128,0.1,");
        assertThat(csv.get(3)).startsWith("batch size,relu,crossentropy,sgd,32,0.1,");
        assertThat(csv.get(4)).startsWith("lr,relu,crossentropy,sgd,128,0.05,");
        double err = Double.parseDouble(csv.get(1).split(",")[6]);
        assertThat(err).isBetween(0.0, 1.0);
        assertThat(Files.readString(g.resolve("grid.md"))).contains("| part | activation | loss | optimizer |");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "train --optimizer sgdx                     | --optimizer: 'sgdx' is not an optimizer; expected one of sgd, adam, adamw, rmsprop",
            "train --activation swish                   | --activation: 'swish' is not an activation; expected one of relu, leakyrelu, sigmoid, tanh",
            "train --loss mse                           | --loss: 'mse' is not a loss",
            "train --device gpu                         | --device: 'gpu' is not a device; expected one of cpu, reference, opencl, auto",
            "train --lr -1                              | --lr: -1.0 is not allowed; expected a positive number",
            "train --epochs 0                           | --epochs: 0 is not allowed; expected a whole number >= 1",
            "train --dropout 1                          | --dropout: 1.0 is not allowed; expected a probability in [0, 1)",
            "train --hidden 100,x                       | --hidden: '100,x' is not a list of layer sizes",
            "train --val-split 1.5                      | --val-split: 1.5 is not allowed; expected a fraction in [0, 1)",
            "train --dataset cifar                      | --dataset: 'cifar' is not a dataset; expected mnist or fashion",
            "train --nesterov                           | --nesterov: Nesterov momentum needs --optimizer sgd and --momentum > 0",
            "train --optimizer adam --momentum 0.9      | --momentum: 0.9 applies to sgd and rmsprop; adam has betas (0.9, 0.999) instead, as in PyTorch",
            "train --threads 0                          | --threads: 0 is not a thread count",
            "train --resume /nonexistent/ckpt           | --resume: /nonexistent/ckpt is not a file",
            "evaluate /nonexistent/model.safetensors    | MODEL: /nonexistent/model.safetensors is not a file"})
    void badOptionsNameTheOptionTheValueAndTheExpectedForm(String args, String message) {
        Outcome o = main(args.trim().split("\\s+"));
        assertThat(o.code()).as(args).isEqualTo(2);
        assertThat(o.err()).as(args).startsWith("error: " + message.trim());
    }

    @Test
    void aMistypedNumberIsReportedByPicocliWithTheOption() {
        Outcome o = main("train", "--epochs", "ten");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--epochs").contains("ten");
    }
}
