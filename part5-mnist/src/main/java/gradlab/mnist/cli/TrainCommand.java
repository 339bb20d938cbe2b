package gradlab.mnist.cli;

import gradlab.mnist.DeviceChoice;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.mnist.train.Evaluation;
import gradlab.mnist.train.RunCheckpoint;
import gradlab.mnist.train.RunOutputs;
import gradlab.mnist.train.TrainConfig;
import gradlab.mnist.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains the MLP, printing a progress bar and a line per epoch, and writes the run into --out. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the MLP (default: the homework's 784-100-50-10, ReLU, dropout 0.2, SGD lr 0.1,"
                + " batch 128, float32) and write metrics.json, plots, the model and a checkpoint per epoch.")
public final class TrainCommand implements Callable<Integer> {
    /** The default number of epochs: about 10 s on the embedded subset with 2 cores. */
    public static final int DEFAULT_EPOCHS = 10;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (default " + DEFAULT_EPOCHS + ").")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate. Default: 0.1 for sgd, 0.001 otherwise.")
    Double lr;
    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw|rmsprop", defaultValue = "sgd",
            description = "Default: ${DEFAULT-VALUE}.")
    String optimizer;
    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0",
            description = "Momentum of sgd and rmsprop. Default: ${DEFAULT-VALUE}.")
    double momentum;
    @Option(names = "--nesterov", description = "Nesterov momentum (sgd with --momentum > 0).")
    boolean nesterov;
    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;
    @Option(names = "--schedule", paramLabel = "none|step|cosine|exponential", defaultValue = "none",
            description = "Learning-rate schedule, stepped each epoch. Default: ${DEFAULT-VALUE}.")
    String schedule;
    @Option(names = "--activation", paramLabel = "relu|leakyrelu|sigmoid|tanh", defaultValue = "relu",
            description = "Default: ${DEFAULT-VALUE}.")
    String activation;
    @Option(names = "--loss", paramLabel = "crossentropy|nll", defaultValue = "crossentropy",
            description = "crossentropy, or nll (a LogSoftmax layer then NLLLoss). Default: ${DEFAULT-VALUE}.")
    String loss;
    @Option(names = "--hidden", paramLabel = "H1,H2,...", defaultValue = "100,50",
            description = "Hidden layer sizes. Default: ${DEFAULT-VALUE}.")
    String hidden;
    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.2", description = "Default: ${DEFAULT-VALUE}.")
    double dropout;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--val-split", paramLabel = "F", defaultValue = "0.2",
            description = "Fraction of the training set held out for validation. Default: ${DEFAULT-VALUE}.")
    double valSplit;
    @Option(names = "--patience", paramLabel = "N", defaultValue = "5",
            description = "Stop after N epochs without a better validation loss (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;
    @Option(names = "--dtype", paramLabel = "float32|float64", defaultValue = "float32",
            description = "Default: ${DEFAULT-VALUE}.")
    String dtype;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "run",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--resume", paramLabel = "CHECKPOINT", arity = "0..1", fallbackValue = "",
            description = "Continue from a checkpoint (default: <out>/checkpoint.safetensors). --epochs may grow.")
    String resume;
    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;
    @Mixin
    DataOptions data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        TrainConfig config = config();
        Path resumeFrom = null;
        if (resume != null) {
            resumeFrom = resume.isEmpty() ? out.resolve(Trainer.CHECKPOINT) : Path.of(resume);
            if (!Files.isRegularFile(resumeFrom)) {
                throw new IllegalArgumentException("--resume: " + resumeFrom + " is not a file; name the"
                        + " checkpoint.safetensors a train run wrote (or give --out its folder and --resume alone)");
            }
            config = resumedConfig(config, RunCheckpoint.peek(resumeFrom).config());
        }
        DeviceChoice device = data.deviceChoice();
        int threads = data.threadCount();
        TrainConfig run = config;
        Path from = resumeFrom;
        return Threads.run(threads, () -> train(run, device, threads, from, log));
    }

    private int train(TrainConfig config, DeviceChoice device, int threads, Path resumeFrom, PrintWriter log)
            throws Exception {
        MnistData mnist = data.load(log);
        int inputs = mnist.train().features();
        int classes = mnist.kind().classNames().size();
        log.println("model: " + config.summary(inputs, classes));
        log.println("device: " + device.description() + ", " + threads + " thread" + (threads == 1 ? "" : "s"));
        if (config.valSplit() == 0 && config.patience() > 0
                && spec.commandLine().getParseResult().hasMatchedOption("--patience")) {
            log.println("note: --patience " + config.patience() + " has no effect with --val-split 0: early stopping"
                    + " and keeping the best epoch's weights need a validation set");
        }
        Trainer trainer = new Trainer(config, mnist, device.device(), log, !noProgress);
        int val = (int) Math.round(mnist.train().size() * config.valSplit());
        log.printf("examples: %,d training, %,d validation, %,d test; output: %s%n", mnist.train().size() - val, val,
                mnist.test().size(), out.toAbsolutePath().normalize());
        int before = resumeFrom == null ? 0 : RunCheckpoint.peek(resumeFrom).epoch(); // epochs already trained
        long t0 = System.nanoTime();
        Trainer.Result result = trainer.run(out, resumeFrom);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (result.bestEpoch() != null) {
            int last = result.history().get(result.history().size() - 1).epoch();
            log.printf("weights: epoch %d's, the best validation loss (%.4f)%s%n", result.bestEpoch(),
                    result.history().get(result.bestEpoch() - 1).valLoss(), result.bestEpoch() == last ? ""
                            : "; checkpoint.safetensors holds epoch " + last + "'s to --resume from");
        }
        report(result.test(), mnist, log);
        RunOutputs.write(out, config, device.description(), mnist, result);
        int ran = result.history().size() - before;
        log.printf("%d epoch%s in %.1f s (%.1f s per epoch). Wrote %s: metrics.json, model.safetensors,"
                        + " checkpoint.safetensors, curves.png, confusion.png, misclassified.png%n",
                ran, ran == 1 ? "" : "s", seconds, seconds / Math.max(1, ran),
                out.toAbsolutePath().normalize());
        if (!mnist.full()) {
            log.println("(trained on the embedded subset; for real MNIST accuracy pass --data-dir with the full"
                    + " files or set MNIST_DIR)");
        }
        return 0;
    }

    static void report(Evaluation test, MnistData mnist, PrintWriter log) {
        log.printf("test accuracy: %.2f%% (%d of %d), test loss %.4f%n", 100 * test.accuracy(),
                Math.round(test.accuracy() * test.labels().length), test.labels().length, test.loss());
        StringBuilder perClass = new StringBuilder("per class:");
        List<String> names = mnist.kind().classNames();
        for (int c = 0; c < names.size(); c++) {
            perClass.append(String.format("  %s %.1f%%", names.get(c), 100 * test.classAccuracy(c)));
        }
        log.println(perClass);
        log.println("confusion matrix (rows: true class, columns: predicted):");
        log.print(test.confusionTable());
    }

    /** The config from the options, each value checked (the error names the option, value and expected form). */
    TrainConfig config() {
        OptimizerKind opt = OptimizerKind.fromId(optimizer);
        double rate = lr != null ? lr : opt == OptimizerKind.SGD ? 0.1 : 0.001;
        return new TrainConfig(DatasetKind.fromId(data.dataset), epochs != null ? epochs : DEFAULT_EPOCHS,
                batchSize, rate, opt, momentum, nesterov, weightDecay, Schedule.fromId(schedule),
                Activation.fromId(activation), LossKind.fromId(loss), parseHidden(hidden), dropout, seed, valSplit,
                patience, dtype);
    }

    static List<Integer> parseHidden(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                sizes.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--hidden: '" + text + "' is not a list of layer sizes; expected"
                        + " positive whole numbers separated by commas, e.g. 100,50");
            }
        }
        return sizes;
    }

    /**
     * A resumed run keeps its saved configuration; only --epochs (and --patience) may change. An option given
     * explicitly with another value than the checkpoint's is an error, before anything is loaded.
     */
    private TrainConfig resumedConfig(TrainConfig given, TrainConfig saved) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, Object[]> fields = new java.util.LinkedHashMap<>();
        fields.put("--batch-size", new Object[] {given.batchSize(), saved.batchSize()});
        fields.put("--lr", new Object[] {given.lr(), saved.lr()});
        fields.put("--optimizer", new Object[] {given.optimizer(), saved.optimizer()});
        fields.put("--momentum", new Object[] {given.momentum(), saved.momentum()});
        fields.put("--nesterov", new Object[] {given.nesterov(), saved.nesterov()});
        fields.put("--weight-decay", new Object[] {given.weightDecay(), saved.weightDecay()});
        fields.put("--schedule", new Object[] {given.schedule(), saved.schedule()});
        fields.put("--activation", new Object[] {given.activation(), saved.activation()});
        fields.put("--loss", new Object[] {given.loss(), saved.loss()});
        fields.put("--hidden", new Object[] {given.hidden(), saved.hidden()});
        fields.put("--dropout", new Object[] {given.dropout(), saved.dropout()});
        fields.put("--seed", new Object[] {given.seed(), saved.seed()});
        fields.put("--val-split", new Object[] {given.valSplit(), saved.valSplit()});
        fields.put("--dtype", new Object[] {given.dtype(), saved.dtype()});
        fields.put("--dataset", new Object[] {given.dataset(), saved.dataset()});
        for (Map.Entry<String, Object[]> f : fields.entrySet()) {
            Object[] v = f.getValue();
            if (parsed.hasMatchedOption(f.getKey()) && !v[0].equals(v[1])) {
                throw new IllegalArgumentException(f.getKey() + ": " + v[0] + " differs from the checkpoint's " + v[1]
                        + "; a resumed run keeps its configuration (only --epochs and --patience may change)."
                        + " Drop the option, or start a new run with another --out");
            }
        }
        int e = parsed.hasMatchedOption("--epochs") ? given.epochs() : saved.epochs();
        int p = parsed.hasMatchedOption("--patience") ? given.patience() : saved.patience();
        return new TrainConfig(saved.dataset(), e, saved.batchSize(), saved.lr(), saved.optimizer(),
                saved.momentum(), saved.nesterov(), saved.weightDecay(), saved.schedule(), saved.activation(),
                saved.loss(), saved.hidden(), saved.dropout(), saved.seed(), saved.valSplit(), p, saved.dtype());
    }
}
