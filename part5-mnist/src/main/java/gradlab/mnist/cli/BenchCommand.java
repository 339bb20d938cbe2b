package gradlab.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.mnist.DeviceChoice;
import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.DatasetKind;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.MlpFactory;
import gradlab.mnist.model.OptimizerKind;
import gradlab.nn.Sequential;
import gradlab.nn.loss.Loss;
import gradlab.optim.Optimizer;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: GradLab against PyTorch on the same machine, same data, same recipe, in one run. Each round runs
 * {@code pytorch_mnist_mlp.py} (one untimed warm-up epoch, then {@code --epochs} timed ones; it prints JSON) and
 * GradLab's equivalent (same model, SGD lr 0.1, batch 128, float32, all 60,000 training images shuffled each epoch,
 * batching inside the timed region, a warm-up epoch first), alternating which goes first, so both see the same
 * machine load. Prints both medians of seconds per epoch, their ratio, samples/s and peak resident memory.
 *
 * <p>Each GradLab round runs in a child JVM of its own ({@link GradlabProcess}, with the project's JVM flags), as
 * each PyTorch round runs in a Python process of its own, so both peak memories are one process's;
 * {@code --in-process} runs the rounds in this JVM instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time GradLab's epoch against PyTorch's (pytorch_mnist_mlp.py) in alternating rounds.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;
    @Option(names = "--epochs", defaultValue = "1", description = "Timed epochs per round and side. Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Debian's Python with PyTorch."
            + " Default: ${DEFAULT-VALUE}.")
    String python;
    @Option(names = "--script", paramLabel = "FILE", description = "Default: ../shared/bench/pytorch_mnist_mlp.py"
            + " beside the repository.")
    Path script;
    @Option(names = "--skip-pytorch", description = "Time GradLab only.")
    boolean skipPytorch;
    @Option(names = "--in-process", description = "Run GradLab's rounds in this JVM, not in a child JVM each.")
    boolean inProcess;
    @Option(names = "--round", hidden = true, description = "Run only this round (how a child JVM is started).")
    Integer onlyRound;
    @Mixin
    DataOptions data;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Heap bytes allocated per step (all threads) over the last round's timed epochs. */
    private long lastBytesPerStep;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (rounds < 1 || epochs < 1) {
            throw new IllegalArgumentException("--rounds and --epochs: need whole numbers >= 1, got --rounds "
                    + rounds + " --epochs " + epochs);
        }
        Path dir = dataDir();
        Path py = skipPytorch || onlyRound != null ? null : scriptPath(); // a child JVM (--round) runs GradLab only
        int threads = data.threadCount();
        DeviceChoice device = data.deviceChoice();
        MnistData mnist = MnistData.readDir(DatasetKind.MNIST, dir, "the MNIST files in " + dir);
        log.printf("bench: %d rounds x %d timed epochs, batch %d, %d thread%s, GradLab on %s, data %s%n", rounds,
                epochs, batchSize, threads, threads == 1 ? "" : "s", device.description(), dir);
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        long theirPeak = 0;
        long ourPeak = 0;
        List<Long> bytesPerStep = new ArrayList<>();
        for (int r = onlyRound == null ? 1 : onlyRound; r <= (onlyRound == null ? rounds : onlyRound); r++) {
            boolean pytorchFirst = r % 2 == 1;
            for (int side = 0; side < 2; side++) {
                boolean runPytorch = (side == 0) == pytorchFirst;
                if (runPytorch && py != null) {
                    PyResult p = runPytorch(py, dir, threads);
                    theirs.add(p.median());
                    theirPeak = Math.max(theirPeak, p.peakRssKb());
                    log.printf("round %d  pytorch  %.3f s/epoch  (%s; peak RSS %,d MB)%n", r, p.median(),
                            p.impl(), p.peakRssKb() / 1024);
                } else if (!runPytorch) {
                    int round = r;
                    double s;
                    if (inProcess) {
                        s = Threads.run(threads, () -> gradlabMedian(mnist, device, round));
                        bytesPerStep.add(lastBytesPerStep);
                    } else {
                        GradlabProcess.Round child = GradlabProcess.run(
                                spec.commandLine().getParseResult().originalArgs(), round);
                        s = child.median();
                        ourPeak = Math.max(ourPeak, child.peakRssKb());
                        bytesPerStep.add(child.bytesPerStep());
                    }
                    ours.add(s);
                    log.printf("round %d  gradlab  %.3f s/epoch  (%,d bytes allocated per step)%n", r, s,
                            bytesPerStep.get(bytesPerStep.size() - 1));
                }
            }
        }
        int n = mnist.train().size();
        double ourMedian = median(ours);
        if (onlyRound != null) {
            log.println(GradlabProcess.resultLine(ourMedian, bytesPerStep.get(0)));
            return 0;
        }
        ourPeak = inProcess ? vmHwmKb(ProcessHandle.current().pid()) : ourPeak;
        log.printf("GradLab: median %.3f s per epoch, %,.0f samples/s, peak RSS %,d MB (%s, data included)%n",
                ourMedian, n / ourMedian, ourPeak / 1024, inProcess ? "this JVM" : "its own JVM, "
                        + String.join(" ", GradlabProcess.JVM_FLAGS));
        if (!theirs.isEmpty()) {
            double theirMedian = median(theirs);
            log.printf("PyTorch: median %.3f s per epoch, %,.0f samples/s, peak RSS %,d MB%n", theirMedian,
                    n / theirMedian, theirPeak / 1024);
            log.printf("ratio: GradLab takes %.2fx PyTorch's time per epoch%n", ourMedian / theirMedian);
        }
        return 0;
    }

    /** One round of GradLab: a fresh model, a warm-up epoch, then the timed epochs; their median. */
    private double gradlabMedian(MnistData mnist, DeviceChoice device, int round) {
        Generator g = new Generator(round);
        Sequential model = MlpFactory.build(784, new int[] {100, 50}, 10, Activation.RELU, 0.2,
                LossKind.CROSSENTROPY, g, new Generator(round + 1000), device.device(), DType.FLOAT32);
        Optimizer sgd = OptimizerKind.SGD.build(model.parameters(), 0.1, 0, false, 0);
        Loss loss = LossKind.CROSSENTROPY.loss();
        DataLoader loader = new DataLoader(mnist.train(), IntStream.range(0, mnist.train().size()).toArray(),
                batchSize, true, false, new Generator(round + 2000), device.device(), DType.FLOAT32);
        epoch(model, sgd, loss, loader); // warm-up: JIT
        List<Double> times = new ArrayList<>();
        long allocated0 = AllocatedBytes.allThreads();
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            epoch(model, sgd, loss, loader);
            times.add((System.nanoTime() - t0) / 1e9);
        }
        lastBytesPerStep = (AllocatedBytes.allThreads() - allocated0) / ((long) epochs * loader.batches());
        return median(times);
    }

    private static void epoch(Sequential model, Optimizer opt, Loss loss, DataLoader loader) {
        model.train();
        for (Batch b : loader) {
            opt.zeroGrad();
            Tensor l = loss.forward(model.forward(b.x()), b.y());
            l.backward();
            opt.step();
        }
    }

    record PyResult(double median, long peakRssKb, String impl) {
    }

    /** Runs the script, polling its peak resident memory (VmHWM) until it exits, and reads its JSON line. */
    private PyResult runPytorch(Path py, Path dir, int threads) throws IOException, InterruptedException {
        List<String> cmd = List.of(python, py.toString(), "--data-dir", dir.toString(), "--epochs",
                String.valueOf(epochs), "--threads", String.valueOf(threads), "--batch-size",
                String.valueOf(batchSize));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long peak = 0;
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        });
        reader.start();
        while (!p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwmKb(p.pid()));
        }
        reader.join();
        String text = output.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + text);
        }
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode json = JSON.readTree(last);
        if (json == null || !json.has("median_s_per_epoch")) {
            throw new IOException(py + " printed no JSON with median_s_per_epoch; its output was:\n" + text);
        }
        return new PyResult(json.get("median_s_per_epoch").asDouble(), peak, json.path("impl").asText());
    }

    /** The process's peak resident set (VmHWM in /proc/PID/status, kB), or 0 where there is no /proc. */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private Path dataDir() {
        if (data.dataDir != null) {
            return data.dataDir;
        }
        String env = System.getenv("MNIST_DIR");
        for (Path candidate : new Path[] {env == null ? null : Path.of(env), Path.of("../shared/datasets/mnist"),
                Path.of("../../shared/datasets/mnist")}) {
            if (candidate != null && MnistData.hasAllFiles(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("--data-dir: bench needs the full MNIST files (the PyTorch script reads"
                + " them too); pass --data-dir DIR or set MNIST_DIR");
    }

    private Path scriptPath() {
        if (script != null) {
            if (!Files.isRegularFile(script)) {
                throw new IllegalArgumentException("--script: " + script + " is not a file");
            }
            return script;
        }
        for (Path c : new Path[] {Path.of("../shared/bench/pytorch_mnist_mlp.py"),
                Path.of("../../shared/bench/pytorch_mnist_mlp.py")}) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("--script: pytorch_mnist_mlp.py not found in ../shared/bench; pass"
                + " --script FILE, or --skip-pytorch");
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
