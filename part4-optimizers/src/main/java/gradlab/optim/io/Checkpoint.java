package gradlab.optim.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.nn.Module;
import gradlab.nn.io.SafeTensors;
import gradlab.optim.Optimizer;
import gradlab.optim.OptimizerStateDict;
import gradlab.optim.lr.Scheduler;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs to stop and resume exactly, in <b>one</b> file: the model's state dict, the
 * optimizer's state, the schedulers' states and where the run was (epoch and step). One file, written atomically
 * (part 3's {@link SafeTensors#save}: temporary file, then rename), so a crash while saving leaves the previous
 * checkpoint whole, and a model can never be paired with an optimizer state from another step.
 *
 * <pre>
 *   tensors   "model.&lt;name&gt;"                 the model's state dict: "model.0.weight", "model.0.bias", ...
 *             "optimizer.state.&lt;i&gt;.&lt;name&gt;"   the optimizer's state, as in {@link OptimizerStateFile}
 *   metadata  "gradlab.checkpoint"  JSON: {"version": 1, "epoch": 3, "step": 120,
 *                                          "optimizer": {"version": 1, "optimizer": "Adam", "param_groups": [...]},
 *                                          "schedulers": [{"scheduler": "StepLR", "lastEpoch": 120, ...}]}
 * </pre>
 *
 * <p>Resuming is building everything as for a fresh run, then loading; the loaded state replaces what the
 * constructors set (initial weights, the lr a scheduler's constructor set):
 *
 * <pre>{@code
 * Checkpoint.save(file, model, adam, List.of(scheduler), new Checkpoint.Progress(epoch, step));
 * // ... a new process:
 * Module model = buildModel();  Adam adam = new Adam(model.parameters(), 0.01);  StepLR scheduler = new StepLR(adam, 10);
 * Checkpoint.Progress at = Checkpoint.load(file, model, adam, List.of(scheduler));   // continue from at.step()
 * }</pre>
 *
 * <p>Loading checks the file's form, the optimizer's kind and the number and kinds of schedulers first; then it
 * loads the model (strictly: same keys and shapes), the optimizer and the schedulers, and if any of them refuses,
 * it puts back what the others held before, so on error nothing has changed. Not in the checkpoint: random number
 * generators (Dropout's masks, data shuffling); seed them from the epoch if a resumed run must draw the same numbers.
 */
public final class Checkpoint {
    /** The metadata key holding everything but the tensors. */
    public static final String METADATA_KEY = "gradlab.checkpoint";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String FORMAT = "tensors named model.<state dict key> and optimizer.state.<parameter"
            + " index>.<state name>, and the metadata \"" + METADATA_KEY + "\": {\"version\": 1, \"epoch\": <int>,"
            + " \"step\": <int>, \"optimizer\": {...}, \"schedulers\": [{...}, ...]}, as written by Checkpoint.save";

    /** Where the run was when it was saved: the epoch and the global step (whatever the training loop counts). */
    public record Progress(int epoch, long step) {
    }

    private Checkpoint() {
    }

    /**
     * Writes the model's state dict, the optimizer's state, each scheduler's state and {@code progress} to
     * {@code file}, atomically. {@code schedulers} may be empty, or hold several (e.g. warm-up then decay).
     */
    public static void save(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers,
                            Progress progress) throws IOException {
        Contents contents = contents(model, optimizer, schedulers, progress);
        SafeTensors.save(file, contents.tensors(), contents.metadata());
    }

    /** What {@link #save} writes: the tensors and the safetensors metadata, in memory. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * The tensors and metadata {@link #save} would write, without writing them: for a caller that adds its own
     * metadata and writes one file (part 5's run checkpoint), so no intermediate file can be left behind by a crash.
     */
    public static Contents contents(Module model, Optimizer optimizer, List<? extends Scheduler> schedulers,
                                    Progress progress) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> tensors.put(MODEL + name, t));
        OptimizerStateDict optimizerState = optimizer.stateDict();
        tensors.putAll(OptimizerStateFile.tensors(optimizerState, OPTIMIZER));

        ObjectNode root = OptimizerStateFile.JSON.createObjectNode();
        root.put("version", OptimizerStateFile.VERSION);
        root.put("epoch", progress.epoch());
        root.put("step", progress.step());
        root.set("optimizer", OptimizerStateFile.toJson(optimizer, optimizerState));
        ArrayNode schedulerStates = root.putArray("schedulers");
        for (Scheduler s : schedulers) {
            schedulerStates.add(OptimizerStateFile.JSON.valueToTree(s.stateDict()));
        }
        String json = OptimizerStateFile.JSON.writeValueAsString(root);
        return new Contents(tensors, Map.of(METADATA_KEY, json));
    }

    /**
     * Restores {@code model}, {@code optimizer} and {@code schedulers} (built as for the run that saved the file, the
     * schedulers in the same order) from {@code file}, and returns where that run was. Changes nothing on error.
     *
     * @throws IllegalArgumentException the objects differ from the saved ones (another optimizer kind, other
     *                                  parameter counts or shapes, other schedulers); the message says what differs
     * @throws IOException              the file cannot be read, is not safetensors, or is not a checkpoint
     */
    @SuppressWarnings("unchecked") // a JSON object converts to a Map<String, Object>
    public static Progress load(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers)
            throws IOException {
        Map<String, String> metadata = SafeTensors.loadMetadata(file);
        String json = metadata.get(METADATA_KEY);
        if (json == null) {
            throw new CheckpointFormatException(file, "checkpoint", "it has no \"" + METADATA_KEY + "\" metadata"
                    + " (its metadata keys are " + metadata.keySet() + "; an optimizer state file loads with"
                    + " OptimizerStateFile.load, a model's weights with SafeTensors.load)", FORMAT);
        }
        JsonNode root = OptimizerStateFile.parse(file, "checkpoint", json);
        if (!root.isObject() || !root.path("version").isInt() || root.get("version").asInt() != 1) {
            throw new CheckpointFormatException(file, "checkpoint", "its metadata has version "
                    + root.get("version") + "; this GradLab reads version 1", FORMAT);
        }
        JsonNode epoch = root.get("epoch");
        JsonNode step = root.get("step");
        if (epoch == null || !epoch.isInt() || step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
            throw new CheckpointFormatException(file, "checkpoint", "its metadata has epoch " + epoch + " and step "
                    + step + ", not two whole numbers", FORMAT);
        }
        JsonNode schedulerNodes = root.get("schedulers");
        if (schedulerNodes == null || !schedulerNodes.isArray()) {
            throw new CheckpointFormatException(file, "checkpoint", "its metadata has \"schedulers\": "
                    + schedulerNodes + ", not an array of objects", FORMAT);
        }
        if (schedulerNodes.size() != schedulers.size()) {
            throw new IllegalArgumentException("Checkpoint.load(" + file + "): the checkpoint holds "
                    + schedulerNodes.size() + " scheduler states but " + schedulers.size() + " schedulers were passed;"
                    + " pass the schedulers of the saved run, built the same way, in the same order");
        }
        List<Map<String, Object>> schedulerStates = new ArrayList<>();
        for (JsonNode s : schedulerNodes) {
            if (!s.isObject()) {
                throw new CheckpointFormatException(file, "checkpoint", "a scheduler state is " + s
                        + ", not an object", FORMAT);
            }
            schedulerStates.add(OptimizerStateFile.JSON.convertValue(s, Map.class));
        }
        Map<String, Tensor> tensors = SafeTensors.load(file);
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                modelState.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (!e.getKey().startsWith(OPTIMIZER)) {
                throw new CheckpointFormatException(file, "checkpoint", "tensor \"" + e.getKey() + "\" belongs"
                        + " neither to the model (model.*) nor to the optimizer (optimizer.*)", FORMAT);
            }
        }
        OptimizerStateDict optimizerState = OptimizerStateFile.fromJson(file, "checkpoint", root.get("optimizer"),
                tensors, OPTIMIZER, optimizer);

        restoreAllOrNothing(file, model, optimizer, schedulers, modelState, optimizerState, schedulerStates);
        return new Progress(epoch.asInt(), step.asLong());
    }

    /** Loads all three; if one refuses, loads back what each held before (its own state always fits) and rethrows. */
    private static void restoreAllOrNothing(Path file, Module model, Optimizer optimizer,
                                            List<? extends Scheduler> schedulers, Map<String, Tensor> modelState,
                                            OptimizerStateDict optimizerState,
                                            List<Map<String, Object>> schedulerStates) {
        Map<String, Tensor> modelBefore = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> modelBefore.put(name, t.clone()));
        OptimizerStateDict optimizerBefore = optimizer.stateDict();
        List<Map<String, Object>> schedulersBefore = new ArrayList<>();
        schedulers.forEach(s -> schedulersBefore.add(s.stateDict()));
        try {
            model.loadStateDict(modelState);
            optimizer.loadStateDict(optimizerState);
            for (int i = 0; i < schedulers.size(); i++) {
                schedulers.get(i).loadStateDict(schedulerStates.get(i));
            }
        } catch (IllegalArgumentException e) {
            model.loadStateDict(modelBefore);
            optimizer.loadStateDict(optimizerBefore);
            for (int i = 0; i < schedulers.size(); i++) {
                schedulers.get(i).loadStateDict(schedulersBefore.get(i));
            }
            throw new IllegalArgumentException("Checkpoint.load(" + file + "): " + e.getMessage()
                    + " (nothing was changed)", e);
        }
    }
}
