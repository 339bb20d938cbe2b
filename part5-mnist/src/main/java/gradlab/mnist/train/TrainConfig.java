package gradlab.mnist.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import java.util.List;

/**
 * Everything that defines a training run, as given on the command line (the {@code train} command's options) and
 * saved in {@code metrics.json}, in every checkpoint and in the saved model. {@link #homework()} is the default: the
 * homework's recipe (784-100-50-10, ReLU, dropout 0.2, cross-entropy, SGD lr 0.1, batch 128, 20% validation).
 *
 * <p>Seeds: the weights are drawn from {@code Generator(seed)}, the train/validation split from
 * {@code Generator(seed + 1)}, the shuffling from {@code Generator(seed + 2)} and dropout's masks from
 * {@code Generator(seed + 3)}: one seed fixes the whole run.
 */
public record TrainConfig(
        @JsonProperty("dataset") DatasetKind dataset,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("lr") double lr,
        @JsonProperty("optimizer") OptimizerKind optimizer,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("nesterov") boolean nesterov,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("activation") Activation activation,
        @JsonProperty("loss") LossKind loss,
        @JsonProperty("hidden") List<Integer> hidden,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("seed") long seed,
        @JsonProperty("val_split") double valSplit,
        @JsonProperty("patience") int patience,
        @JsonProperty("dtype") String dtype) {

    /** The homework's recipe for {@code epochs} epochs. */
    public static TrainConfig homework(int epochs) {
        return new TrainConfig(DatasetKind.MNIST, epochs, 128, 0.1, OptimizerKind.SGD, 0.0, false, 0.0,
                Schedule.NONE, Activation.RELU, LossKind.CROSSENTROPY, List.of(100, 50), 0.2, 0L, 0.2, 5, "float32");
    }

    /** Checks every value, naming the option, the value and the expected form. */
    public TrainConfig {
        requireSet("--dataset", dataset, "mnist or fashion");
        requireSet("--optimizer", optimizer, "sgd, adam, adamw or rmsprop");
        requireSet("--schedule", schedule, "none, step, cosine or exponential");
        requireSet("--activation", activation, "relu, leakyrelu, sigmoid or tanh");
        requireSet("--loss", loss, "crossentropy or nll");
        require(epochs >= 1, "--epochs", epochs, "a whole number >= 1");
        require(batchSize >= 1, "--batch-size", batchSize, "a whole number >= 1 (e.g. 128)");
        require(lr > 0 && Double.isFinite(lr), "--lr", lr, "a positive number (e.g. 0.1 for SGD, 0.001 for Adam)");
        require(momentum >= 0 && momentum < 1, "--momentum", momentum, "a number in [0, 1) (e.g. 0.9), 0 for none");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay", weightDecay,
                "a number >= 0 (e.g. 1e-4), 0 for none");
        require(dropout >= 0 && dropout < 1, "--dropout", dropout, "a probability in [0, 1) (e.g. 0.2), 0 for none");
        require(valSplit >= 0 && valSplit < 1, "--val-split", valSplit,
                "a fraction in [0, 1) (e.g. 0.2 for 20% of the training set), 0 for none");
        require(patience >= 0, "--patience", patience, "a whole number of epochs >= 0 (0 turns early stopping off)");
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException("--hidden: " + hidden + " is not a list of layer sizes; expected"
                    + " positive whole numbers separated by commas, e.g. 100,50");
        }
        if (!"float32".equals(dtype) && !"float64".equals(dtype)) {
            throw new IllegalArgumentException("--dtype: '" + dtype + "' is not a dtype; expected float32 or"
                    + " float64");
        }
        if (momentum > 0 && (optimizer == OptimizerKind.ADAM || optimizer == OptimizerKind.ADAMW)) {
            throw new IllegalArgumentException("--momentum: " + momentum + " applies to sgd and rmsprop; "
                    + optimizer + " has betas (0.9, 0.999) instead, as in PyTorch. Drop --momentum, or choose"
                    + " --optimizer sgd or rmsprop");
        }
        if (nesterov && (optimizer != OptimizerKind.SGD || momentum <= 0)) {
            throw new IllegalArgumentException("--nesterov: Nesterov momentum needs --optimizer sgd and --momentum"
                    + " > 0 (got --optimizer " + optimizer + " --momentum " + momentum + ")");
        }
        hidden = List.copyOf(hidden);
    }

    private static void requireSet(String option, Object value, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is missing (null); expected " + expected);
        }
    }

    private static void require(boolean ok, String option, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(option + ": " + value + " is not allowed; expected " + expected);
        }
    }

    /** The same run for another number of epochs (a resumed run may extend its epochs). */
    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(dataset, newEpochs, batchSize, lr, optimizer, momentum, nesterov, weightDecay,
                schedule, activation, loss, hidden, dropout, seed, valSplit, patience, dtype);
    }

    public gradlab.tensor.DType dtypeValue() {
        return "float64".equals(dtype) ? gradlab.tensor.DType.FLOAT64 : gradlab.tensor.DType.FLOAT32;
    }

    public int[] hiddenSizes() {
        return hidden.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A short label: "784-100-50-10 relu dropout 0.2, crossentropy, sgd lr 0.1, batch 128". */
    public String summary(int inputs, int classes) {
        StringBuilder arch = new StringBuilder().append(inputs);
        hidden.forEach(h -> arch.append('-').append(h));
        arch.append('-').append(classes);
        return arch + " " + activation + (dropout > 0 ? " dropout " + dropout : "") + ", " + loss + ", "
                + optimizer + " lr " + lr + (momentum > 0 ? " momentum " + momentum : "")
                + (nesterov ? " nesterov" : "") + (weightDecay > 0 ? " weight decay " + weightDecay : "")
                + (schedule != Schedule.NONE ? ", " + schedule + " schedule" : "") + ", batch " + batchSize
                + ", " + dtype + ", seed " + seed;
    }
}
