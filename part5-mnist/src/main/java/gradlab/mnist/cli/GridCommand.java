package gradlab.mnist.cli;

import gradlab.mnist.DeviceChoice;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.mnist.train.EpochRecord;
import gradlab.mnist.train.TrainConfig;
import gradlab.mnist.train.Trainer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grid}: the homework's experiments. Every activation x loss x optimizer (at batch 128, each optimizer's
 * usual lr), then a batch-size sweep and a learning-rate sweep of the default model (ReLU, cross-entropy, SGD), as
 * a Markdown table and a CSV of test error, best validation loss and seconds. {@code --epochs},
 * {@code --train-limit} and the lists make it as small as wanted.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the homework's experiment grid; write grid.md and grid.csv into --out.")
public final class GridCommand implements Callable<Integer> {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--activations", split = ",", defaultValue = "relu,leakyrelu,sigmoid,tanh",
            description = "Default: ${DEFAULT-VALUE}.")
    List<String> activations;
    @Option(names = "--losses", split = ",", defaultValue = "crossentropy,nll", description = "Default: ${DEFAULT-VALUE}.")
    List<String> losses;
    @Option(names = "--optimizers", split = ",", defaultValue = "sgd,adam,adamw,rmsprop",
            description = "Default: ${DEFAULT-VALUE}.")
    List<String> optimizers;
    @Option(names = "--batch-sizes", split = ",", defaultValue = "32,64,128,256",
            description = "Batch-size sweep (ReLU, cross-entropy, SGD lr 0.1). Empty to skip. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;
    @Option(names = "--lrs", split = ",", defaultValue = "0.01,0.03,0.1,0.3",
            description = "SGD learning-rate sweep (ReLU, cross-entropy, batch 128). Default: ${DEFAULT-VALUE}.")
    List<Double> lrs;
    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training images (0: all). Default: ${DEFAULT-VALUE}.")
    int trainLimit;
    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "run/grid", description = "Default: ${DEFAULT-VALUE}.")
    Path out;
    @Mixin
    DataOptions data;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One row of the table. */
    record Row(String part, TrainConfig config, double testError, double bestValLoss, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        List<TrainConfig> runs = plan();
        DeviceChoice device = data.deviceChoice();
        return Threads.run(data.threadCount(), () -> {
            MnistData full = data.load(log);
            MnistData mnist = trainLimit > 0 ? new MnistData(full.kind(), full.train().head(trainLimit), full.test(),
                    full.source() + ", first " + trainLimit + " training images", full.full()) : full;
            log.printf("grid: %d runs of %d epochs on %,d training images, device %s%n", runs.size(), epochs,
                    mnist.train().size(), device.description());
            List<Row> rows = new ArrayList<>();
            PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
            for (int i = 0; i < runs.size(); i++) {
                TrainConfig c = runs.get(i);
                String part = i < gridSize() ? "grid" : i < gridSize() + batchSizes.size() ? "batch size" : "lr";
                long t0 = System.nanoTime();
                Trainer.Result r = new Trainer(c, mnist, device.device(), quiet, false)
                        .run(out.resolve("runs").resolve(String.format("%03d", i + 1)), null);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double best = r.history().stream().map(EpochRecord::valLoss)
                        .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                Row row = new Row(part, c, 1 - r.test().accuracy(), best, seconds);
                rows.add(row);
                log.printf("[%d/%d] %-10s %-9s %-12s %-7s batch %4d lr %-6s test error %6.2f%%  best val loss %.4f"
                                + "  %.1f s%n", i + 1, runs.size(), part, c.activation(), c.loss(), c.optimizer(),
                        c.batchSize(), fmt(c.lr()), 100 * row.testError(), row.bestValLoss(), seconds);
            }
            write(out.resolve("grid.md"), markdown(rows, mnist));
            write(out.resolve("grid.csv"), csv(rows));
            log.println("wrote " + out.resolve("grid.md") + " and " + out.resolve("grid.csv"));
            return 0;
        });
    }

    private int gridSize() {
        return activations.size() * losses.size() * optimizers.size();
    }

    /** The configs: the grid, then the batch-size sweep, then the lr sweep (each checked before anything runs). */
    List<TrainConfig> plan() {
        TrainConfig base = TrainConfig.homework(epochs);
        List<TrainConfig> runs = new ArrayList<>();
        for (String a : activations) {
            for (String l : losses) {
                for (String o : optimizers) {
                    OptimizerKind opt = OptimizerKind.fromId(o);
                    runs.add(config(base, Activation.fromId(a), LossKind.fromId(l), opt, base.batchSize(),
                            opt == OptimizerKind.SGD ? 0.1 : 0.001));
                }
            }
        }
        for (int b : batchSizes) {
            runs.add(config(base, Activation.RELU, LossKind.CROSSENTROPY, OptimizerKind.SGD, b, 0.1));
        }
        for (double lr : lrs) {
            runs.add(config(base, Activation.RELU, LossKind.CROSSENTROPY, OptimizerKind.SGD, base.batchSize(), lr));
        }
        return runs;
    }

    private TrainConfig config(TrainConfig b, Activation a, LossKind l, OptimizerKind o, int batch, double lr) {
        return new TrainConfig(data.kind(), epochs, batch, lr, o, 0, false, 0, Schedule.NONE, a, l, b.hidden(),
                b.dropout(), seed, b.valSplit(), 0, b.dtype());
    }

    static String markdown(List<Row> rows, MnistData mnist) {
        StringBuilder sb = new StringBuilder("# Experiment grid\n\nData: ").append(mnist.source())
                .append(String.format(". %d epochs per run, %,d training images (%d%% held out for validation).%n%n",
                        rows.isEmpty() ? 0 : rows.get(0).config().epochs(), mnist.train().size(),
                        rows.isEmpty() ? 0 : Math.round(100 * rows.get(0).config().valSplit())));
        sb.append("| part | activation | loss | optimizer | batch | lr | test error | best val loss | seconds |\n");
        sb.append("|---|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            TrainConfig c = r.config();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %.2f%% | %.4f | %.1f |%n",
                    r.part(), c.activation(), c.loss(), c.optimizer(), c.batchSize(), fmt(c.lr()),
                    100 * r.testError(), r.bestValLoss(), r.seconds()));
        }
        return sb.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(
                "part,activation,loss,optimizer,batch_size,lr,test_error,best_val_loss,seconds\n");
        for (Row r : rows) {
            TrainConfig c = r.config();
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%s,%.6f,%.6f,%.3f%n", r.part(), c.activation(),
                    c.loss(), c.optimizer(), c.batchSize(), fmt(c.lr()), r.testError(), r.bestValLoss(),
                    r.seconds()));
        }
        return sb.toString();
    }

    private static String fmt(double lr) {
        return java.math.BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString();
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = gradlab.mnist.AtomicFiles.tempBeside(file, "");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

}
