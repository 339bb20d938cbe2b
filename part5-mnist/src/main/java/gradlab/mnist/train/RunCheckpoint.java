package gradlab.mnist.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.nn.Module;
import gradlab.nn.io.SafeTensors;
import gradlab.optim.Optimizer;
import gradlab.optim.io.Checkpoint;
import gradlab.optim.lr.Scheduler;
import gradlab.tensor.Generator;
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
 * the overfitting check and the final metrics). All of it is one safetensors file, the run state as one more JSON
 * metadata entry, {@value #RUN_KEY}; the file is replaced atomically, so a crash leaves the previous epoch's
 * checkpoint whole.
 */
public final class RunCheckpoint {
    /** The metadata key of the run state. */
    public static final String RUN_KEY = "gradlab.mnist.run";
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

    /**
     * Writes the checkpoint: part 4's checkpoint contents (model, optimizer, schedulers) plus the run state, in one
     * atomic {@code SafeTensors.save} (a temporary file renamed over {@code file}; a save killed before the rename
     * leaves the previous checkpoint whole, and the next save removes its temporary file). Earlier versions wrote
     * an intermediate {@code <name>.<hex>.part.safetensors} first; a killed save of theirs left it behind, so this
     * one removes those too.
     */
    public static void save(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers,
                            RunState state) throws IOException {
        if (file == null || state == null) {
            throw new IllegalArgumentException("RunCheckpoint.save: " + (file == null ? "file" : "state")
                    + " is null");
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Checkpoint.Contents contents = Checkpoint.contents(model, optimizer, schedulers,
                new Checkpoint.Progress(state.epoch(), 0));
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(RUN_KEY, JSON.writeValueAsString(state));
        SafeTensors.save(target, contents.tensors(), metadata);
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
     * Restores model, optimizer and schedulers (built as for the saved run) and returns the run state; the caller
     * restores the generators from it.
     */
    public static RunState load(Path file, Module model, Optimizer optimizer, List<? extends Scheduler> schedulers)
            throws IOException {
        RunState state = peek(file);
        Checkpoint.Progress progress = Checkpoint.load(file, model, optimizer, schedulers);
        if (progress.epoch() != state.epoch()) {
            throw new IOException(file + ": the checkpoint says epoch " + progress.epoch() + " but its run state"
                    + " says " + state.epoch() + "; the file is corrupt");
        }
        return state;
    }
}
