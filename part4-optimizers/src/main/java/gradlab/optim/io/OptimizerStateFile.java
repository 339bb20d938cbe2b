package gradlab.optim.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradlab.nn.io.SafeTensors;
import gradlab.optim.Optimizer;
import gradlab.optim.OptimizerStateDict;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves an optimizer's state dict ({@link Optimizer#stateDict()}) to a file and loads it back, so a run can stop and
 * resume exactly. The file is a safetensors file (part 3's {@link SafeTensors}), written atomically:
 *
 * <pre>
 *   tensors   "state.&lt;i&gt;.&lt;name&gt;"   the state of parameter i (counting through all groups):
 *                                 "state.0.momentum_buffer", "state.0.step" (a scalar), "state.1.exp_avg", ...
 *   metadata  "gradlab.optimizer"  JSON: {"version": 1, "optimizer": "SGD",
 *                                         "param_groups": [{"lr": 0.1, "momentum": 0.9, ..., "params": [0, 1]}]}
 * </pre>
 *
 * <p>The tensors keep PyTorch's state names, and the group options are plain JSON, so the file opens in any
 * safetensors reader. Loading checks that the file was written for the same kind of optimizer and then hands the
 * dict to {@link Optimizer#loadStateDict}, which checks the groups, parameter counts and shapes; both change nothing
 * on error. A file that is not valid safetensors is a {@link gradlab.nn.io.SafeTensorsFormatException}; one without
 * this metadata, or with metadata or tensor names that don't follow the scheme above, a
 * {@link CheckpointFormatException}.
 *
 * <pre>{@code
 * OptimizerStateFile.save(dir.resolve("adam.safetensors"), adam);
 * OptimizerStateFile.load(dir.resolve("adam.safetensors"), newAdam);   // built over the same parameters
 * }</pre>
 *
 * <p>To save a model, an optimizer and its schedulers together, use {@link Checkpoint}.
 */
public final class OptimizerStateFile {
    /** The metadata key holding the optimizer kind and the param groups. */
    public static final String METADATA_KEY = "gradlab.optimizer";
    static final int VERSION = 1;
    static final String FORMAT = "tensors named state.<parameter index>.<state name> (e.g. state.0.exp_avg) and"
            + " the metadata \"" + METADATA_KEY + "\": {\"version\": 1, \"optimizer\": \"<kind>\", \"param_groups\":"
            + " [{\"lr\": <number>, <other options>, \"params\": [<parameter indices>]}, ...]}, as written by"
            + " OptimizerStateFile.save";
    /** JSON with full-precision doubles; infinities are written and read as bare Infinity / -Infinity. */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Pattern STATE_NAME = Pattern.compile("state\\.(\\d{1,9})\\.(\\w+)");

    private OptimizerStateFile() {
    }

    /** Writes {@code optimizer}'s state dict to {@code file} atomically (see the class comment for the layout). */
    public static void save(Path file, Optimizer optimizer) throws IOException {
        OptimizerStateDict dict = optimizer.stateDict();
        Map<String, String> metadata = Map.of(METADATA_KEY, JSON.writeValueAsString(toJson(optimizer, dict)));
        SafeTensors.save(file, tensors(dict, ""), metadata);
    }

    /**
     * Loads the state dict in {@code file} into {@code optimizer}, which must be of the kind that saved it and built
     * over parameters of the same count and shapes. Changes nothing on error.
     *
     * @throws IllegalArgumentException the file is for another kind of optimizer, or its groups, parameter counts
     *                                  or shapes differ from {@code optimizer}'s (the message says which)
     * @throws IOException              the file cannot be read, is not safetensors, or is not an optimizer state file
     */
    public static void load(Path file, Optimizer optimizer) throws IOException {
        Map<String, String> metadata = SafeTensors.loadMetadata(file);
        String json = metadata.get(METADATA_KEY);
        if (json == null) {
            throw new CheckpointFormatException(file, "optimizer state file", "it has no \"" + METADATA_KEY
                    + "\" metadata (its metadata keys are " + metadata.keySet() + "; a model's weights load with"
                    + " SafeTensors.load and Module.loadStateDict instead)", FORMAT);
        }
        JsonNode root = parse(file, "optimizer state file", json);
        OptimizerStateDict dict = fromJson(file, "optimizer state file", root, SafeTensors.load(file), "", optimizer);
        try {
            optimizer.loadStateDict(dict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OptimizerStateFile.load(" + file + "): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------- shared with Checkpoint

    /** The state tensors under their file names, {@code prefix + "state.<i>.<name>"}. */
    static Map<String, Tensor> tensors(OptimizerStateDict dict, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        dict.state().forEach((index, state) ->
                state.forEach((name, tensor) -> out.put(prefix + "state." + index + "." + name, tensor)));
        return out;
    }

    /** The JSON object {"version", "optimizer", "param_groups"} of the metadata. */
    static ObjectNode toJson(Optimizer optimizer, OptimizerStateDict dict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("optimizer", optimizer.name());
        root.set("param_groups", JSON.valueToTree(dict.paramGroups()));
        return root;
    }

    /** Parses metadata JSON text, or fails naming the file and the parser's complaint. */
    static JsonNode parse(Path file, String what, String json) throws CheckpointFormatException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file, what, "its metadata is not valid JSON ("
                    + e.getOriginalMessage() + ")", FORMAT);
        }
    }

    /**
     * Rebuilds the state dict from the metadata object {@code root} and the file's tensors whose names start with
     * {@code prefix} (the others are ignored). Checks the form, and that the file was written by an optimizer of
     * {@code optimizer}'s kind; the counts and shapes are left to {@link Optimizer#loadStateDict}.
     */
    static OptimizerStateDict fromJson(Path file, String what, JsonNode root, Map<String, Tensor> tensors,
                                       String prefix, Optimizer optimizer) throws CheckpointFormatException {
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file, what, "its optimizer metadata is " + root + ", not a JSON"
                    + " object", FORMAT);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.asInt() != VERSION) {
            throw new CheckpointFormatException(file, what, "its optimizer metadata has version " + version
                    + "; this GradLab reads version " + VERSION, FORMAT);
        }
        JsonNode kind = root.get("optimizer");
        if (kind == null || !kind.isTextual()) {
            throw new CheckpointFormatException(file, what, "its optimizer metadata has \"optimizer\": " + kind
                    + ", not the optimizer's class name", FORMAT);
        }
        if (!kind.asText().equals(optimizer.name())) {
            throw new IllegalArgumentException(file + " holds the state of optimizer " + kind.asText() + ", but it"
                    + " is being loaded into " + optimizer.name() + "; build " + kind.asText() + " over the same"
                    + " param groups to resume from it");
        }
        JsonNode groups = root.get("param_groups");
        if (groups == null || !groups.isArray()) {
            throw new CheckpointFormatException(file, what, "its optimizer metadata has \"param_groups\": " + groups
                    + ", not an array of objects", FORMAT);
        }
        List<Map<String, Object>> paramGroups = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            paramGroups.add(group(file, what, g, groups.get(g)));
        }
        Map<Integer, Map<String, Tensor>> state = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Matcher m = STATE_NAME.matcher(e.getKey().substring(prefix.length()));
            if (!m.matches()) {
                throw new CheckpointFormatException(file, what, "tensor \"" + e.getKey() + "\" is not named "
                        + prefix + "state.<parameter index>.<state name>", FORMAT);
            }
            state.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2),
                    e.getValue());
        }
        return new OptimizerStateDict(state, paramGroups);
    }

    /** One param group: numbers as Double, flags as Boolean, "params" as a list of Integer. */
    private static Map<String, Object> group(Path file, String what, int index, JsonNode node)
            throws CheckpointFormatException {
        String where = "param group " + index;
        if (!node.isObject()) {
            throw new CheckpointFormatException(file, what, where + " is " + node + ", not an object", FORMAT);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (e.getKey().equals("params")) {
                List<Integer> ids = new ArrayList<>();
                if (v.isArray()) {
                    v.forEach(id -> ids.add(id.isInt() && id.asInt() >= 0 ? id.asInt() : -1));
                }
                if (!v.isArray() || ids.contains(-1)) {
                    throw new CheckpointFormatException(file, what, where + " has \"params\": " + v + ", not a list"
                            + " of parameter indices (whole numbers >= 0)", FORMAT);
                }
                out.put("params", ids);
            } else if (v.isNumber()) {
                out.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.asBoolean());
            } else {
                throw new CheckpointFormatException(file, what, where + " has option \"" + e.getKey() + "\": " + v
                        + ", not a number or a boolean", FORMAT);
            }
        }
        if (!out.containsKey("params")) {
            throw new CheckpointFormatException(file, what, where + " has no \"params\" list", FORMAT);
        }
        return out;
    }
}
