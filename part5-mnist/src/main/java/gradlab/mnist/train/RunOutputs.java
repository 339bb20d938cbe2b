package gradlab.mnist.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.mnist.data.MnistData;
import gradlab.nn.Module;
import gradlab.nn.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * What a finished run leaves in its output folder, beside the last {@code checkpoint.safetensors}:
 * <ul>
 *   <li>{@code model.safetensors}: the weights the run ends with (with a validation set, those of the epoch with
 *       the best validation loss, {@code best_epoch}; without one, the last epoch's) under PyTorch's names for the
 *       same {@code nn.Sequential} (loads with {@code safetensors.torch.load_file}, or without the safetensors
 *       package with {@code tools/pytorch_load.py}), with the run's config as metadata ({@value #CONFIG_KEY}), which
 *       {@code evaluate} and {@code predict} use to rebuild the model;</li>
 *   <li>{@code metrics.json}: {"config": {...}, "device": .., "seed": .., "data": .., "epochs": [{"epoch": 1,
 *       "train_loss": .., "val_loss": .., "val_accuracy": .., "seconds": .., "lr": ..}, ...], "test_accuracy": ..,
 *       "test_loss": .., "per_class_accuracy": [..], "confusion_matrix": [[..]], "stopped_early": ..,
 *       "best_epoch": ..}, accuracies as fractions; the test figures are those of the weights saved, and
 *       {@code best_epoch} is null without a validation set;</li>
 *   <li>{@code curves.png}, {@code confusion.png}, {@code misclassified.png} ({@link Plots}).</li>
 * </ul>
 */
public final class RunOutputs {
    public static final String MODEL = "model.safetensors";
    public static final String METRICS = "metrics.json";
    /** The saved model's metadata key holding the run's config as JSON. */
    public static final String CONFIG_KEY = "gradlab.mnist.config";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunOutputs() {
    }

    /** Writes the model, metrics.json and the plots. */
    public static void write(Path out, TrainConfig config, String device, MnistData data, Trainer.Result result)
            throws IOException {
        saveModel(out.resolve(MODEL), result.model(), config);
        writeMetrics(out.resolve(METRICS), config, device, data.source(), result.history(), result.test(),
                result.stoppedEarly(), result.bestEpoch());
        Plots.curves(result.history(), result.bestEpoch(), out.resolve("curves.png"));
        Plots.confusion(result.test().confusion(), data.kind().classNames(), out.resolve("confusion.png"));
        Plots.misclassified(data.test(), result.test().predictions(), data.kind().classNames(), 48,
                out.resolve("misclassified.png"));
    }

    /** The model's state dict, with the config as metadata (atomic, as every SafeTensors.save). */
    public static void saveModel(Path file, Module model, TrainConfig config) throws IOException {
        SafeTensors.save(file, model.stateDict(), Map.of(CONFIG_KEY, RunCheckpoint.JSON.writeValueAsString(config)));
    }

    /** The config a saved model was trained with. */
    public static TrainConfig readConfig(Path modelFile) throws IOException {
        String json = SafeTensors.loadMetadata(modelFile).get(CONFIG_KEY);
        if (json == null) {
            throw new IOException(modelFile + ": no \"" + CONFIG_KEY + "\" metadata, so the model's layers are"
                    + " unknown; pass the model.safetensors a `train` run wrote");
        }
        return RunCheckpoint.JSON.readValue(json, TrainConfig.class);
    }

    static void writeMetrics(Path file, TrainConfig config, String device, String dataSource,
                             List<EpochRecord> history, Evaluation test, boolean stoppedEarly, Integer bestEpoch)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("config", JSON.valueToTree(config));
        root.put("device", device);
        root.put("seed", config.seed());
        root.put("data", dataSource);
        root.set("epochs", JSON.valueToTree(history));
        root.put("test_accuracy", test.accuracy());
        root.put("test_loss", test.loss());
        ArrayNode perClass = root.putArray("per_class_accuracy");
        for (int c = 0; c < test.confusion().length; c++) {
            perClass.add(test.classAccuracy(c));
        }
        root.set("confusion_matrix", JSON.valueToTree(test.confusion()));
        root.put("stopped_early", stoppedEarly);
        root.put("best_epoch", bestEpoch);
        Path tmp = gradlab.mnist.AtomicFiles.tempBeside(file, "");
        try {
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
