package gradlab.mnist.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.nn.Module;
import gradlab.nn.io.SafeTensors;
import gradlab.optim.Optimizer;
import gradlab.optim.io.Checkpoint;
import gradlab.optim.lr.Scheduler;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run's checkpoint: part 4's {@link Checkpoint} (model, optimizer, schedulers, epoch) plus what it leaves
 * out and an exact resume needs, the <em>run state</em>: the configuration, the random generators' states
 * (shuffling and dropout; {@link Generator#getState()}) and the history of the epochs so far (for early stopping,
 * the overfitting check and the final metrics), and the <em>best weights</em>: the model's state dict at the epoch
 * with the lowest validation loss so far, which the run ends with (Keras's {@code restore_best_weights}). All of it
 * is one safetensors file: the run state is one more JSON metadata entry, {@value #RUN_KEY}, and the best weights
 * are tensors named {@value #BEST} + the state dict's key ({@code best_model.0.weight}, ...) beside part 4's
 * {@code model.*} and {@code optimizer.*}. The file is replaced atomically, so a crash leaves the previous epoch's
 * checkpoint, best weights included, whole: the last weights and the best ones can never come from different epochs.
 */
public final class RunCheckpoint {
    /** The metadata key of the run state. */
    public static final String RUN_KEY = "gradlab.mnist.run";
    /** The prefix of the best weights' tensor names. */
    public static final String BEST = "best_model.";
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a resumed run needs beyond the model, optimizer and schedulers. */
    public record RunState(@JsonProperty("config") TrainConfig config,
                           @JsonProperty("epoch") int epoch,
                           @JsonProperty("shuffle_rng") Generator.State shuffleRng,
                           @JsonProperty("dropout_rng") Generator.State dropoutRng,
                           @JsonProperty("history") List<EpochRecord> history) {
    }

    private RunCheckpoint() {
    }

    /** A loaded checkpoint's run state and best weights (empty when the run has no validation set). */
    public record Restored(RunState state, Map<String, Tensor> bestWeights) {
    }

    /**
     * Writes the checkpoint: part 4's checkpoint contents (model, optimizer, schedulers) plus the best weights and the
     * run state, in one atomic {@code SafeTensors.save} (a temporary file renamed over {@code file}; a save killed
     * before the rename leaves the previous checkpoint whole, and the next save removes its temporary file). Earlier
     * versions wrote an intermediate {@code <name>.<hex>.part.safetensors} first; a killed save of theirs left it
     * behind, so this one removes those too.
     *
     * @param bestWeights the model's state dict at the best epoch so far (names as {@code model.stateDict()}), or an
     *                    empty map when the run has no validation set
     */
    public static void save(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers,
                            RunState state, Map<String, Tensor> bestWeights) throws IOException {
        if (file == null || state == null || bestWeights == null) {
            throw new IllegalArgumentException("RunCheckpoint.save: " + (file == null ? "file"
                    : state == null ? "state" : "bestWeights") + " is null");
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Checkpoint.Contents contents = Checkpoint.contents(model, optimizer, schedulers,
                new Checkpoint.Progress(state.epoch(), 0));
        Map<String, Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        bestWeights.forEach((name, t) -> tensors.put(BEST + name, t));
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(RUN_KEY, JSON.writeValueAsString(state));
        SafeTensors.save(target, tensors, metadata);
        removeOldIntermediateFiles(target);
    }

    /** {@code <name>.<hex>.part.safetensors} (and its own temporary files) that a killed save of an earlier version left. */
    private static void removeOldIntermediateFiles(Path target) throws IOException {
        String name = target.getFileName().toString();
        java.util.regex.Pattern old = java.util.regex.Pattern.compile("\\.?" + java.util.regex.Pattern.quote(name)
                + "\\.[0-9a-f]{1,16}\\.part\\.safetensors(\\.[0-9a-f-]{36}\\.tmp)?");
        try (var files = Files.newDirectoryStream(target.getParent(),
                p -> old.matcher(p.getFileName().toString()).matches())) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The run state of a checkpoint, without loading anything (to rebuild the run's objects first). */
    public static RunState peek(Path file) throws IOException {
        String json = SafeTensors.loadMetadata(file).get(RUN_KEY);
        if (json == null) {
            throw new IOException(file + ": not a training checkpoint of gradlab.mnist (no \"" + RUN_KEY
                    + "\" metadata); --resume takes the checkpoint.safetensors a train run writes into --out");
        }
        try {
            return JSON.readValue(json, RunState.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": its run state is not readable (" + e.getMessage() + "); the file is"
                    + " corrupt or from another version", e);
        }
    }

    /**
     * Restores model, optimizer and schedulers (built as for the saved run) and returns the run state and the best
     * weights; the caller restores the generators from the state. The best weights are checked against the model's
     * state dict (same names and shapes) before anything is restored.
     */
    public static Restored load(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers)
            throws IOException {
        RunState state = peek(file);
        Map<String, Tensor> all = SafeTensors.load(file);
        Map<String, Tensor> rest = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        all.forEach((name, t) -> {
            if (name.startsWith(BEST)) {
                best.put(name.substring(BEST.length()), t);
            } else {
                rest.put(name, t);
            }
        });
        checkBestWeights(file, state, best, model.stateDict());
        Checkpoint.Progress progress;
        if (best.isEmpty()) {
            progress = Checkpoint.load(file, model, optimizer, schedulers);
        } else {
            // part 4's Checkpoint.load accepts only model.* and optimizer.* tensors: hand it the file without ours
            Path tmp = Files.createTempFile("gradlab-checkpoint-", ".safetensors");
            try {
                SafeTensors.save(tmp, rest, SafeTensors.loadMetadata(file));
                progress = Checkpoint.load(tmp, model, optimizer, schedulers);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        if (progress.epoch() != state.epoch()) {
            throw new IOException(file + ": the checkpoint says epoch " + progress.epoch() + " but its run state"
                    + " says " + state.epoch() + "; the file is corrupt");
        }
        return new Restored(state, best);
    }

    /** The best weights must be there when the history has validation losses, with the model's names and shapes. */
    private static void checkBestWeights(Path file, RunState state, Map<String, Tensor> best,
                                         Map<String, Tensor> model) throws IOException {
        Integer bestEpoch = EarlyStopping.bestEpoch(state.history());
        if (bestEpoch == null) {
            if (!best.isEmpty()) {
                throw new IOException(file + ": the checkpoint holds best weights (" + BEST + "*) but its history"
                        + " has no validation losses; the file is corrupt");
            }
            return;
        }
        if (!best.keySet().equals(model.keySet())) {
            throw new IOException(file + ": the checkpoint's best weights (epoch " + bestEpoch + ") are "
                    + best.keySet() + ", expected " + BEST + " + each of the model's " + model.keySet()
                    + "; the file is corrupt or was written by an older GradLab (start a new run with another --out)");
        }
        for (Map.Entry<String, Tensor> e : model.entrySet()) {
            Tensor b = best.get(e.getKey());
            if (!java.util.Arrays.equals(b.shape(), e.getValue().shape())) {
                throw new IOException(file + ": best weight " + BEST + e.getKey() + " has shape "
                        + java.util.Arrays.toString(b.shape()) + ", expected the model's "
                        + java.util.Arrays.toString(e.getValue().shape()) + "; the file is corrupt");
            }
        }
    }
}
