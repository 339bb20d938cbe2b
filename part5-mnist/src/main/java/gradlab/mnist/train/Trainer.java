package gradlab.mnist.train;

import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.data.Split;
import gradlab.mnist.model.MlpFactory;
import gradlab.nn.Sequential;
import gradlab.nn.loss.Loss;
import gradlab.optim.Optimizer;
import gradlab.optim.lr.LRScheduler;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop. For each epoch:
 * <pre>
 *   for each mini-batch (x, y) of the shuffled training set:
 *       optimizer.zeroGrad()
 *       loss = lossFn(model(x), y)        # forward: builds the graph
 *       loss.backward()                   # every parameter's .grad = dloss/dparam
 *       optimizer.step()                  # e.g. SGD: p -= lr * p.grad
 *   evaluate on the validation set (eval mode: no dropout; no graph)
 *   if the validation loss is the best so far: keep a copy of the weights (the best weights)
 *   warn if validation loss rose while training loss fell (overfitting); stop early after `patience` epochs
 *   without a better validation loss; step the lr schedule; save a checkpoint (with the best weights)
 * </pre>
 * then load the best weights back (with a validation set: the epoch {@code argmin val_loss}, as Keras's
 * {@code restore_best_weights} and Lightning's best checkpoint) and evaluate on the test set. Everything random comes
 * from generators seeded by the config (see {@link TrainConfig}), and their states go into each checkpoint with the
 * best weights, so a resumed run continues bit for bit.
 */
public final class Trainer {
    /** The checkpoint's file name inside the output folder. */
    public static final String CHECKPOINT = "checkpoint.safetensors";

    private final TrainConfig config;
    private final MnistData data;
    private final Device device;
    private final PrintWriter log;
    private final boolean progressBar;
    private LongConsumer afterStep = step -> { };

    // built by setUp()
    private Sequential model;
    private Loss lossFn;
    private Optimizer optimizer;
    private List<LRScheduler> schedulers;
    private Generator shuffleRng;
    private Generator dropoutRng;
    private DataLoader trainLoader;
    private DataLoader valLoader;
    /** Copies of the weights at the best epoch so far; empty without a validation set. */
    private Map<String, Tensor> bestWeights = Map.of();

    /**
     * What a run produced: the model with the weights it ends with (the best epoch's when there is a validation set,
     * else the last epoch's), the history, the test results of those weights, whether early stopping ended the run,
     * and the best epoch (null without a validation set).
     */
    public record Result(Sequential model, List<EpochRecord> history, Evaluation test, boolean stoppedEarly,
                         Integer bestEpoch) {
    }

    public Trainer(TrainConfig config, MnistData data, Device device, PrintWriter log, boolean progressBar) {
        this.config = config;
        this.data = data;
        this.device = device;
        this.log = log;
        this.progressBar = progressBar;
        setUp();
    }

    /**
     * Called after every optimizer step with the global step number (1, 2, ...). Tests use it to stop a run in the
     * middle of an epoch, as a crash would.
     */
    public void afterStep(LongConsumer hook) {
        this.afterStep = hook;
    }

    public Sequential model() {
        return model;
    }

    public Loss lossFunction() {
        return lossFn;
    }

    private void setUp() {
        Dataset train = data.train();
        int classes = data.kind().classNames().size();
        DType dtype = config.dtypeValue();
        Generator initRng = new Generator(config.seed());
        Generator splitRng = new Generator(config.seed() + 1);
        shuffleRng = new Generator(config.seed() + 2);
        dropoutRng = new Generator(config.seed() + 3);
        model = MlpFactory.build(train.features(), config.hiddenSizes(), classes, config.activation(),
                config.dropout(), config.loss(), initRng, dropoutRng, device, dtype);
        lossFn = config.loss().loss();
        optimizer = config.optimizer().build(model.parameters(), config.lr(), config.momentum(), config.nesterov(),
                config.weightDecay());
        LRScheduler s = config.schedule().build(optimizer, config.epochs());
        schedulers = s == null ? List.of() : List.of(s);
        Split split = Split.of(train.size(), config.valSplit(), splitRng);
        trainLoader = new DataLoader(train, split.train(), config.batchSize(), true, false, shuffleRng, device,
                dtype);
        valLoader = split.validation().length == 0 ? null
                : new DataLoader(train, split.validation(), 1000, false, false, null, device, dtype);
    }

    /**
     * Trains into {@code out} (checkpoint each epoch, then the final model, metrics.json and plots are the caller's:
     * see {@link RunOutputs}). With {@code resume}, continues from {@code out}/checkpoint.safetensors.
     */
    public Result run(Path out, Path resumeFrom) throws IOException {
        // tensors made without naming a device (dropout's masks) go to the run's device, on this thread
        try (var place = Tensor.usingDevice(device)) {
            return runOnDevice(out, resumeFrom);
        }
    }

    private Result runOnDevice(Path out, Path resumeFrom) throws IOException {
        Files.createDirectories(out);
        List<EpochRecord> history = new ArrayList<>();
        int start = 1;
        if (resumeFrom != null) {
            RunCheckpoint.Restored restored = RunCheckpoint.load(resumeFrom, model, optimizer, schedulers);
            RunCheckpoint.RunState state = restored.state();
            bestWeights = copyOf(restored.bestWeights(), device);
            shuffleRng.setState(state.shuffleRng());
            dropoutRng.setState(state.dropoutRng());
            history.addAll(state.history());
            start = state.epoch() + 1;
            log.printf("Resumed from %s after epoch %d%n", resumeFrom, state.epoch());
        }
        boolean stoppedEarly = EarlyStopping.shouldStop(history, config.patience());
        long step = (long) (start - 1) * trainLoader.batches();
        for (int epoch = start; epoch <= config.epochs() && !stoppedEarly; epoch++) {
            double lr = optimizer.paramGroups().get(0).getDouble("lr");
            long t0 = System.nanoTime();
            double trainLoss = trainEpoch(epoch, step);
            step += trainLoader.batches();
            Evaluation val = valLoader == null ? null : Evaluation.of(model, lossFn, valLoader, classes());
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochRecord record = new EpochRecord(epoch, trainLoss, val == null ? null : val.loss(),
                    val == null ? null : val.accuracy(), seconds, lr);
            history.add(record);
            log.println(line(record));
            if (val != null && Integer.valueOf(epoch).equals(EarlyStopping.bestEpoch(history))) {
                bestWeights = copyOf(model.stateDict(), device);
            }
            String warning = EarlyStopping.overfittingWarning(history);
            if (warning != null) {
                log.println(warning);
            }
            for (LRScheduler s : schedulers) {
                s.step();
            }
            RunCheckpoint.save(out.resolve(CHECKPOINT), model, optimizer, schedulers, new RunCheckpoint.RunState(
                    config, epoch, shuffleRng.getState(), dropoutRng.getState(), List.copyOf(history)), bestWeights);
            stoppedEarly = epoch < config.epochs() && EarlyStopping.shouldStop(history, config.patience());
            if (stoppedEarly) {
                log.printf("Early stopping after epoch %d: no better validation loss for %d epochs (patience %d)%n",
                        epoch, config.patience(), config.patience());
            }
        }
        Integer bestEpoch = EarlyStopping.bestEpoch(history);
        if (bestEpoch != null && bestEpoch != history.get(history.size() - 1).epoch()) {
            model.loadStateDict(bestWeights);
            log.printf("Restored the weights of epoch %d, the best validation loss (%.4f); the model, the test"
                    + " figures and the plots are that epoch's%n", bestEpoch, history.get(bestEpoch - 1).valLoss());
        }
        Evaluation test = Evaluation.of(model, lossFn, DataLoader.sequential(data.test(), 1000, device,
                config.dtypeValue()), classes());
        return new Result(model, history, test, stoppedEarly, bestEpoch);
    }

    /** A snapshot of a state dict on {@code device}: each tensor copied (same dtype), outside any graph. */
    private static Map<String, Tensor> copyOf(Map<String, Tensor> state, Device device) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            state.forEach((name, t) -> copy.put(name, t.detach().to(device).clone()));
        }
        return copy;
    }

    private int classes() {
        return data.kind().classNames().size();
    }

    /** One pass over the training set; returns the mean of the batches' losses. */
    private double trainEpoch(int epoch, long stepBefore) {
        model.train();
        double sum = 0;
        int batches = 0;
        long samples = 0;
        long t0 = System.nanoTime();
        long step = stepBefore;
        try (ProgressBar bar = progressBar ? new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch, config.epochs()))
                .setInitialMax(trainLoader.batches()).setUnit(" batches", 1).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setMaxRenderedLength(110).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .clearDisplayOnFinish().build() : null) {
            for (Batch b : trainLoader) {
                optimizer.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(b.x()), b.y());
                loss.backward();
                optimizer.step();
                double l = loss.item();
                if (!Double.isFinite(l)) {
                    throw new IllegalStateException("epoch " + epoch + ", batch " + (batches + 1) + ": the loss is "
                            + l + "; training diverged. Lower --lr (now " + config.lr() + ")");
                }
                sum += l;
                batches++;
                samples += b.size();
                afterStep.accept(++step);
                if (bar != null) {
                    bar.step();
                    double s = (System.nanoTime() - t0) / 1e9;
                    bar.setExtraMessage(String.format("loss %.4f %,.0f samples/s", sum / batches, samples / s));
                }
            }
        }
        return sum / batches;
    }

    /** "epoch  3/10  train loss 0.2345  val loss 0.2101  val acc 93.85%  4.2 s". */
    static String line(EpochRecord r) {
        return String.format("epoch %3d  train loss %.4f  val loss %s  val acc %s  %.1f s  (lr %.4g)", r.epoch(),
                r.trainLoss(), r.valLoss() == null ? "   -  " : String.format("%.4f", r.valLoss()),
                r.valAccuracy() == null ? "  -   " : String.format("%.2f%%", 100 * r.valAccuracy()), r.seconds(),
                r.lr());
    }
}
