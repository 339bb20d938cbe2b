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
 * GradLab's equivalent on each of {@code --devices} (same model, SGD lr 0.1 or Adam lr 1e-3, batch 128, float32, all
 * 60,000 training images shuffled each epoch, batching inside the timed region, a warm-up epoch first), alternating
 * the order each round, so all see the same machine load. The OpenCL device (about 23 s an epoch on pocl) runs
 * {@code --opencl-rounds} rounds, the others {@code --rounds}. At the end one table: per side the median seconds per
 * epoch, samples/s, the ratio to PyTorch's median and the peak resident memory.
 *
 * <p>Two methods are the two sides: {@link #gradlabMedian} (one round of GradLab on one device) and
 * {@link #runPytorch} (one round of the script, in its own process). Each GradLab round runs in a child JVM of its own
 * ({@link GradlabProcess}, with the project's JVM flags), as each PyTorch round runs in a Python process of its own,
 * so every peak memory is one process's; {@code --in-process} runs the rounds in this JVM instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time GradLab's epoch on each device against PyTorch's (pytorch_mnist_mlp.py) in alternating"
                + " rounds; print one table.")
public final class BenchCommand implements Callable<Integer> {
    /** The devices {@code --devices} accepts. */
    static final List<String> DEVICES = List.of("cpu", "opencl", "reference", "auto");

    /** 5: the machine's noise and GradLab's JVM-to-JVM spread move single rounds by 10-30%; the median of 5 is steadier. */
    @Option(names = "--rounds", defaultValue = "5", description = "Alternating rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;
    /**
     * 3, as the script's own default: a JVM's first epochs after the warm-up still run code the JIT compiler has not
     * finished optimising (measured: the first timed epoch 0.42-0.45 s, the third and later 0.36-0.39 s), so the median
     * of 3 is the steady epoch a training run has; PyTorch's side gets the same 3.
     */
    @Option(names = "--epochs", defaultValue = "3", description = "Timed epochs per round and side, after one untimed"
            + " warm-up epoch; a round's figure is their median (as the script's). Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--devices", paramLabel = "cpu,opencl", defaultValue = "cpu", split = ",",
            description = "GradLab's devices, comma-separated (cpu, opencl, reference). Default: ${DEFAULT-VALUE}.")
    List<String> devices;
    @Option(names = "--opencl-rounds", paramLabel = "N", defaultValue = "1",
            description = "Rounds for the opencl device (an epoch takes ~23 s on pocl), at most --rounds."
                    + " Default: ${DEFAULT-VALUE}.")
    int openclRounds;
    @Option(names = "--optimizer", paramLabel = "sgd|adam", defaultValue = "sgd",
            description = "The script's choices: sgd (lr 0.1) or adam (lr 1e-3). Default: ${DEFAULT-VALUE}.")
    String optimizer;
    @Option(names = "--lr", paramLabel = "LR", description = "Default: 0.1 for sgd, 0.001 for adam.")
    Double lr;
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
    @Option(names = "--round-device", hidden = true, description = "The device of the --round a child JVM runs.")
    String roundDevice;
    @Mixin
    DataOptions data;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Heap bytes allocated per step (all threads) over the last round's timed epochs. */
    private long lastBytesPerStep;

    /** One line of the final table: a side (PyTorch, or GradLab on a device) and its figures. */
    record Row(String side, List<Double> seconds, long peakRssKb) {
        double median() {
            return BenchCommand.median(seconds);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        List<String> asked = deviceNames();
        OptimizerKind opt = optimizerKind();
        double rate = learningRate();
        Path dir = dataDir();
        int threads = data.threadCount();
        if (onlyRound != null) {
            return childRound(log, opt, rate, dir, threads);
        }
        Path py = skipPytorch ? null : scriptPath();
        // Each device is timed once: "auto" on a machine without a GPU is the CPU device, and cpu,auto one row.
        List<DeviceChoice> choices = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> sameAs = new ArrayList<>();
        for (String name : asked) {
            DeviceChoice choice = DeviceChoice.parse(name);
            int earlier = -1;
            for (int i = 0; i < choices.size(); i++) {
                // by name, not ==: each parse may make a new OpenCL device object for the same device
                if (choices.get(i).device().name().equals(choice.device().name())) {
                    earlier = i;
                }
            }
            if (earlier >= 0) {
                sameAs.add(name + " is the " + names.get(earlier) + " device here (" + choice.description()
                        + "): timed once, as " + names.get(earlier));
            } else {
                choices.add(choice);
                names.add(name);
            }
        }
        MnistData mnist = MnistData.readDir(DatasetKind.MNIST, dir, "the MNIST files in " + dir);
        log.printf("bench: %d round%s (opencl: %d) x %d timed epoch%s, %s lr %s, batch %d, %d thread%s, data %s%n",
                rounds, rounds == 1 ? "" : "s", Math.min(openclRounds, rounds), epochs, epochs == 1 ? "" : "s", opt,
                rate, batchSize, threads, threads == 1 ? "" : "s", dir);
        for (DeviceChoice c : choices) {
            log.println("GradLab device: " + c.description());
        }
        for (String note : sameAs) {
            log.println("GradLab device: " + note);
        }
        Row pytorch = new Row("PyTorch", new ArrayList<>(), 0);
        List<Row> ours = new ArrayList<>();
        for (String name : names) {
            ours.add(new Row("GradLab " + name, new ArrayList<>(), 0));
        }
        long pytorchPeak = 0;
        long[] ourPeak = new long[names.size()];
        for (int r = 1; r <= rounds; r++) {
            List<Integer> sides = new ArrayList<>(); // -1 is PyTorch, i >= 0 is GradLab on device i
            if (py != null) {
                sides.add(-1);
            }
            for (int i = 0; i < names.size(); i++) {
                if (r <= roundsFor(names.get(i))) {
                    sides.add(i);
                }
            }
            if (r % 2 == 0) {
                Collections.reverse(sides);
            }
            for (int side : sides) {
                if (side < 0) {
                    PyResult p = runPytorch(py, dir, threads, opt, rate);
                    pytorch.seconds().add(p.median());
                    pytorchPeak = Math.max(pytorchPeak, p.peakRssKb());
                    log.printf("round %d  pytorch         %8.3f s/epoch  (%s; peak RSS %,d MB)%n", r, p.median(),
                            p.impl(), p.peakRssKb() / 1024);
                } else {
                    int round = r;
                    DeviceChoice device = choices.get(side);
                    double s;
                    long peak;
                    long bytes;
                    if (inProcess) {
                        PeakMemory.reset(); // so the peak is this device's, where the kernel allows it
                        s = Threads.run(threads, () -> gradlabMedian(mnist, device, opt, rate, round));
                        peak = PeakMemory.peakKb(ProcessHandle.current().pid());
                        bytes = lastBytesPerStep;
                    } else {
                        GradlabProcess.Round child = GradlabProcess.run(
                                spec.commandLine().getParseResult().originalArgs(), round, names.get(side));
                        s = child.median();
                        peak = child.peakRssKb();
                        bytes = child.bytesPerStep();
                    }
                    ours.get(side).seconds().add(s);
                    ourPeak[side] = Math.max(ourPeak[side], peak);
                    log.printf("round %d  gradlab %-7s %8.3f s/epoch  (%,d bytes allocated per step)%n", r,
                            names.get(side), s, bytes);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        if (py != null) {
            rows.add(new Row(pytorch.side(), pytorch.seconds(), pytorchPeak));
        }
        for (int i = 0; i < ours.size(); i++) {
            rows.add(new Row(ours.get(i).side(), ours.get(i).seconds(), ourPeak[i]));
        }
        log.print(table(rows, mnist.train().size(), py == null ? null : pytorch.median()));
        log.println("peak RSS: PyTorch's process; GradLab's " + (!inProcess
                ? "own JVM per round (data included), " + String.join(" ", GradlabProcess.JVM_FLAGS)
                : PeakMemory.resettable() ? "JVM (this JVM, data included) since the start of that device's rounds"
                + " (/proc/self/clear_refs)" : "JVM (this JVM, data included) since it started (this kernel cannot"
                + " reset it)"));
        return 0;
    }

    /**
     * In a child JVM ({@code --round R --round-device NAME --in-process}, started by {@link GradlabProcess}): one
     * round of GradLab on one device, printed as the one result line the parent reads.
     */
    private int childRound(PrintWriter log, OptimizerKind opt, double rate, Path dir, int threads) throws Exception {
        if (roundDevice == null) {
            throw new IllegalArgumentException("--round: a child round needs --round-device NAME too");
        }
        DeviceChoice device = DeviceChoice.parse(roundDevice);
        MnistData mnist = MnistData.readDir(DatasetKind.MNIST, dir, "the MNIST files in " + dir);
        double s = Threads.run(threads, () -> gradlabMedian(mnist, device, opt, rate, onlyRound));
        log.println(GradlabProcess.resultLine(s, lastBytesPerStep));
        return 0;
    }

    /**
     * The table: one row per side, "side | median s/epoch | samples/s | x PyTorch | peak RSS". The ratio is the
     * side's median over PyTorch's (2.00x: twice PyTorch's time); without PyTorch ({@code pytorchMedian} null) a dash.
     */
    static String table(List<Row> rows, int samples, Double pytorchMedian) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %7s %15s %11s %11s %13s%n", "side", "rounds", "median s/epoch", "samples/s",
                "x PyTorch", "peak RSS MB"));
        for (Row r : rows) {
            double m = r.median();
            sb.append(String.format(java.util.Locale.ROOT, "%-16s %7d %15.3f %,11.0f %11s %,13d%n", r.side(),
                    r.seconds().size(), m, samples / m, pytorchMedian == null ? "-"
                            : String.format(java.util.Locale.ROOT, "%.2fx", m / pytorchMedian),
                    r.peakRssKb() / 1024));
        }
        return sb.toString();
    }

    /** --devices (or the shared --device alone, as one device), checked: known names, no repeats. */
    List<String> deviceNames() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        boolean deviceGiven = parsed != null && parsed.hasMatchedOption("--device");
        if (deviceGiven && parsed.hasMatchedOption("--devices")) {
            throw new IllegalArgumentException("--device: bench takes --devices (e.g. --devices cpu,opencl); give"
                    + " that alone, not both --device " + data.device + " and --devices " + String.join(",", devices));
        }
        List<String> given = deviceGiven ? List.of(data.device) : devices;
        List<String> names = new ArrayList<>();
        for (String d : given) {
            String n = d.trim().toLowerCase(java.util.Locale.ROOT);
            if (!DEVICES.contains(n)) {
                throw new IllegalArgumentException("--devices: '" + d + "' is not a bench device; expected a"
                        + " comma-separated list of " + String.join(", ", DEVICES) + " (e.g. --devices cpu,opencl)");
            }
            if (names.contains(n)) {
                throw new IllegalArgumentException("--devices: '" + n + "' is listed twice in " + given
                        + "; name each device once");
            }
            names.add(n);
        }
        if (rounds < 1 || epochs < 1 || openclRounds < 1) {
            throw new IllegalArgumentException("--rounds, --epochs and --opencl-rounds: need whole numbers >= 1, got"
                    + " --rounds " + rounds + " --epochs " + epochs + " --opencl-rounds " + openclRounds);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size: " + batchSize + " is not allowed; expected a whole"
                    + " number >= 1 (e.g. 128)");
        }
        return names;
    }

    /** Rounds a device runs: --opencl-rounds for opencl (at most --rounds), --rounds for the others. */
    int roundsFor(String device) {
        return device.equals("opencl") ? Math.min(openclRounds, rounds) : rounds;
    }

    /** --optimizer: the PyTorch script's two, sgd or adam. */
    OptimizerKind optimizerKind() {
        String o = optimizer.trim().toLowerCase(java.util.Locale.ROOT);
        if (!o.equals("sgd") && !o.equals("adam")) {
            throw new IllegalArgumentException("--optimizer: '" + optimizer + "' is not a bench optimizer; expected"
                    + " sgd or adam (the choices of pytorch_mnist_mlp.py)");
        }
        return OptimizerKind.fromId(o);
    }

    /** --lr, or the script's default for the optimizer (0.1 for sgd, 1e-3 for adam). */
    double learningRate() {
        double rate = lr != null ? lr : optimizerKind() == OptimizerKind.SGD ? 0.1 : 1e-3;
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("--lr: " + rate + " is not allowed; expected a positive number (e.g."
                    + " 0.1 for sgd, 0.001 for adam)");
        }
        return rate;
    }

    /** One round of GradLab on {@code device}: a fresh model, a warm-up epoch, then the timed epochs; their median. */
    private double gradlabMedian(MnistData mnist, DeviceChoice device, OptimizerKind opt, double rate, int round) {
        try (var place = Tensor.usingDevice(device.device())) { // dropout's masks are made on the run's device
            Generator g = new Generator(round);
            Sequential model = MlpFactory.build(784, new int[] {100, 50}, 10, Activation.RELU, 0.2,
                    LossKind.CROSSENTROPY, g, new Generator(round + 1000), device.device(), DType.FLOAT32);
            Optimizer optimizer = opt.build(model.parameters(), rate, 0, false, 0);
            Loss loss = LossKind.CROSSENTROPY.loss();
            DataLoader loader = new DataLoader(mnist.train(), IntStream.range(0, mnist.train().size()).toArray(),
                    batchSize, true, false, new Generator(round + 2000), device.device(), DType.FLOAT32);
            epoch(model, optimizer, loss, loader); // warm-up: JIT, kernel compilation
            List<Double> times = new ArrayList<>();
            long allocated0 = AllocatedBytes.allThreads();
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                epoch(model, optimizer, loss, loader);
                times.add((System.nanoTime() - t0) / 1e9);
            }
            lastBytesPerStep = (AllocatedBytes.allThreads() - allocated0) / ((long) epochs * loader.batches());
            return median(times);
        }
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

    /** The script's command line: same data, epochs, threads, batch size, optimizer and lr as GradLab's side. */
    List<String> pytorchCommand(Path py, Path dir, int threads, OptimizerKind opt, double rate) {
        return List.of(python, py.toString(), "--data-dir", dir.toString(), "--epochs", String.valueOf(epochs),
                "--threads", String.valueOf(threads), "--batch-size", String.valueOf(batchSize), "--optimizer",
                opt.id(), "--lr", String.valueOf(rate));
    }

    /** Runs the script, polling its peak resident memory (VmHWM) until it exits, and reads its JSON line. */
    private PyResult runPytorch(Path py, Path dir, int threads, OptimizerKind opt, double rate)
            throws IOException, InterruptedException {
        List<String> cmd = pytorchCommand(py, dir, threads, opt, rate);
        WatchedProcess.Result run = WatchedProcess.run(cmd);
        String text = run.output();
        if (run.exitCode() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + run.exitCode() + ":\n" + text);
        }
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode json = JSON.readTree(last);
        if (json == null || !json.has("median_s_per_epoch")) {
            throw new IOException(py + " printed no JSON with median_s_per_epoch; its output was:\n" + text);
        }
        return new PyResult(json.get("median_s_per_epoch").asDouble(), run.peakRssKb(), json.path("impl").asText());
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
