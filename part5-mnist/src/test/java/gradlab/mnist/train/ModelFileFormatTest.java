package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.MlpFactory;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.nn.Sequential;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code model.safetensors}, byte for byte against the <a href="https://huggingface.co/docs/safetensors">safetensors
 * format</a>, read here with nothing but a ByteBuffer and a JSON parser (not GradLab's own reader), and named as
 * PyTorch's {@code state_dict()} of the same {@code nn.Sequential}: {@code "<layer index>.weight|bias"}, the index
 * counting every layer (activations and dropout too), a Linear's weight shaped [out_features, in_features]. This is
 * the contract {@code tools/pytorch_load.py} (and {@code safetensors.torch.load_file} + {@code load_state_dict})
 * rely on.
 */
class ModelFileFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "hidden {0}, dropout {1}, loss {2}, {3}: names {4}")
    @CsvSource(delimiter = '|', value = {
            "100,50 | 0.2 | crossentropy | float32 | 0.weight [100 784], 0.bias [100], 2.weight [50 100], 2.bias [50], 5.weight [10 50], 5.bias [10]",
            "100,50 | 0.0 | crossentropy | float32 | 0.weight [100 784], 0.bias [100], 2.weight [50 100], 2.bias [50], 4.weight [10 50], 4.bias [10]",
            "32     | 0.5 | nll          | float64 | 0.weight [32 784], 0.bias [32], 3.weight [10 32], 3.bias [10]"})
    void theFileFollowsTheSpecWithPyTorchsSequentialNames(String hidden, double dropout, String loss, String dtype,
                                                          String expected) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String h : hidden.split(",")) {
            sizes.add(Integer.parseInt(h.trim()));
        }
        TrainConfig config = new TrainConfig(DatasetKind.MNIST, 1, 128, 0.1, OptimizerKind.SGD, 0, false, 0,
                Schedule.NONE, Activation.RELU, LossKind.fromId(loss), sizes, dropout, 0L, 0.2, 0, dtype);
        Sequential model = MlpFactory.build(784, config.hiddenSizes(), 10, config.activation(), dropout,
                config.loss(), new Generator(1), new Generator(2), CpuDevice.INSTANCE, config.dtypeValue());
        Path file = dir.resolve("model.safetensors");
        RunOutputs.saveModel(file, model, config);

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0); // header length: unsigned 64-bit little-endian
        assertThat(n).as("header length").isPositive().isLessThan(bytes.length - 8);
        assertThat(n % 8).as("header padded to 8 bytes, so the data is aligned").isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{");
        assertThat(header.substring(header.lastIndexOf('}') + 1)).as("padding").matches(" *");
        JsonNode root = new ObjectMapper().readTree(header);

        // __metadata__: strings only, "format": "pt", the config that rebuilds the model
        JsonNode meta = root.get("__metadata__");
        meta.properties().forEach(e -> assertThat(e.getValue().isTextual()).as("metadata %s", e.getKey())
                .isTrue());
        assertThat(meta.get("format").asText()).isEqualTo("pt");
        JsonNode saved = new ObjectMapper().readTree(meta.get(RunOutputs.CONFIG_KEY).asText());
        assertThat(saved.get("hidden").toString()).isEqualTo(sizes.toString().replace(" ", ""));
        assertThat(saved.get("activation").asText()).isEqualTo("relu");
        assertThat(saved.get("dropout").asDouble()).isEqualTo(dropout);
        assertThat(saved.get("loss").asText()).isEqualTo(loss);

        // the tensors: names, dtype strings, shapes, contiguous ordered offsets, and the bytes are the values
        List<String> described = new ArrayList<>();
        long offset = 0;
        long dataStart = 8 + n;
        String code = dtype.equals("float32") ? "F32" : "F64";
        int width = dtype.equals("float32") ? 4 : 8;
        Map<String, Tensor> state = model.stateDict();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode info = e.getValue();
            List<String> shape = new ArrayList<>();
            long numel = 1;
            for (JsonNode d : info.get("shape")) {
                shape.add(d.asText());
                numel *= d.asLong();
            }
            described.add(e.getKey() + " [" + String.join(" ", shape) + "]");
            assertThat(info.get("dtype").asText()).as("%s dtype", e.getKey()).isEqualTo(code);
            long begin = info.get("data_offsets").get(0).asLong();
            long end = info.get("data_offsets").get(1).asLong();
            assertThat(begin).as("%s begins where the previous tensor ended", e.getKey()).isEqualTo(offset);
            assertThat(end - begin).as("%s byte count = numel x %d", e.getKey(), width).isEqualTo(numel * width);
            double[] expectedValues = state.get(e.getKey()).toDoubleArray();
            for (int i = 0; i < numel; i++) {
                int at = (int) (dataStart + begin + (long) i * width);
                double v = width == 4 ? buf.getFloat(at) : buf.getDouble(at);
                if (v != expectedValues[i]) {
                    throw new AssertionError(e.getKey() + "[" + i + "]: the file holds " + v + ", the model "
                            + expectedValues[i]);
                }
            }
            offset = end;
        }
        assertThat(String.join(", ", described)).isEqualTo(expected.trim());
        assertThat(dataStart + offset).as("the tensors fill the file to its end").isEqualTo(bytes.length);
    }
}
