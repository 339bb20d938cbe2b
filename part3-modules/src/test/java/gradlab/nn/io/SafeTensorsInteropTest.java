package gradlab.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradlab.nn.Linear;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with PyTorch. reference.safetensors was written by PyTorch 1.13 with
 * src/test/resources/gradlab/nn/io/safetensors_torch.py (see its docstring to regenerate it): a torch.nn.Linear(3, 2)
 * (seed 0) in float64 and float32, an input x and PyTorch's outputs y = x W^T + b.
 */
class SafeTensorsInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsInteropTest.class.getResource(name).toURI());
    }

    @Test
    void readsAFileWrittenByPyTorch() throws Exception {
        Map<String, Tensor> t = SafeTensors.load(resource("reference.safetensors"));
        assertThat(t.keySet()).containsExactlyInAnyOrder("linear.weight", "linear.bias", "x", "y",
                "linear32.weight", "linear32.bias", "y32", "scalar", "empty", "arange");
        assertThat(SafeTensors.loadMetadata(resource("reference.safetensors")))
                .containsEntry("format", "pt").containsEntry("source", "safetensors_torch.py reference");
        // values printed by PyTorch for torch.manual_seed(0); torch.nn.Linear(3, 2)
        assertThat(t.get("linear.weight").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(t.get("linear.weight").shape()).containsExactly(2, 3);
        assertThat(t.get("linear.weight").toDoubleArray()).containsExactly(-0.004322517663240433,
                0.3097158372402191, -0.4751853346824646, -0.4248946011066437, -0.2223689705133438,
                0.15482072532176971);
        assertThat(t.get("linear.bias").toDoubleArray()).containsExactly(-0.011439144611358643, 0.45777493715286255);
        assertThat(t.get("scalar").shape()).isEmpty();
        assertThat(t.get("scalar").item()).isEqualTo(Math.PI);
        assertThat(t.get("empty").shape()).containsExactly(0, 3);
        assertThat(t.get("arange").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.get("arange").get(1, 2, 3)).isEqualTo(23);

        // Our Linear, loaded with PyTorch's weights, gives PyTorch's outputs.
        Linear linear = new Linear(3, 2, true, new Random(0));
        linear.loadStateDict(Map.of("weight", t.get("linear.weight"), "bias", t.get("linear.bias")));
        assertThat(linear.forward(t.get("x")).allClose(t.get("y"), 1e-14, 1e-15)).isTrue();
        assertThat(t.get("y").get(0, 1)).isEqualTo(0.9660855071111158);
        // ... and in float32 (PyTorch computed y32 in float32): agreement to float32 rounding
        Tensor w32 = t.get("linear32.weight");
        Tensor y32 = t.get("x").to(DType.FLOAT32).matmul(w32.t()).add(t.get("linear32.bias"));
        assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(y32.allClose(t.get("y32"), 1e-6, 1e-7)).isTrue();
    }

    /** A file GradLab writes, in the form safetensors_torch.py check verifies: y = F.linear(x, W, b). */
    static Path writeLinearCheckFile(Path file) throws IOException {
        Linear linear = new Linear(5, 3, true, new Random(2024));
        Tensor x = Tensor.randn(new Random(7), 4, 5);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : linear.stateDict().entrySet()) {
            m.put("linear." + e.getKey(), e.getValue());
        }
        m.put("x", x);
        try (var g = Tensor.noGrad()) {
            m.put("y", linear.forward(x));
        }
        m.put("f32", Tensor.arange(6).reshape(3, 2).to(DType.FLOAT32));
        SafeTensors.save(file, m, Map.of("written_by", "GradLab"));
        return file;
    }

    /** Runs only where /usr/bin/python3 has torch (not in CI): PyTorch reads a file GradLab wrote. */
    @Test
    void pyTorchReadsAFileGradLabWrote() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs /usr/bin/python3 with torch");
        Path f = writeLinearCheckFile(dir.resolve("gradlab.safetensors"));
        Result r = run(PYTHON, resource("safetensors_torch.py").toString(), "check", f.toString());
        assumeTrue(!r.output.contains("No module named 'torch'"), "needs /usr/bin/python3 with torch");
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("linear.weight: F64 [3, 5]", "f32: F32 [3, 2]",
                "'written_by': 'GradLab'", "OK");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
