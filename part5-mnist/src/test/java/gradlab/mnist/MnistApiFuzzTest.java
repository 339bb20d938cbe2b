package gradlab.mnist;

import static gradlab.testkit.ApiFuzz.badProbability;
import static gradlab.testkit.ApiFuzz.badSize;
import static gradlab.testkit.ApiFuzz.nonFinite;
import static gradlab.testkit.ApiFuzz.oneOf;

import gradlab.mnist.cli.MainTest;
import gradlab.mnist.cli.MainTest.Outcome;
import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.mnist.data.IdxReader;
import gradlab.mnist.data.TinyIdx;
import gradlab.mnist.model.Activation;
import gradlab.mnist.model.LossKind;
import gradlab.mnist.model.MlpFactory;
import gradlab.mnist.model.OptimizerKind;
import gradlab.mnist.model.Schedule;
import gradlab.mnist.train.RunCheckpoint;
import gradlab.mnist.train.TrainConfig;
import gradlab.mnist.data.DatasetKind;
import gradlab.nn.Sequential;
import gradlab.optim.Optimizer;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.testing.TensorSnapshots;
import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 5 under seeded bad input (see {@link ApiFuzz}): thousands of tiny IDX files this test writes and then
 * corrupts (a magic or size byte, truncation, bytes appended, a label out of range, a flipped or cut gzip stream),
 * each of which must be an IOException naming the file and what is wrong; DataLoader and TrainConfig options;
 * every flag of {@code train} (and {@code evaluate}/{@code predict}) with a bad value, which must exit 2 with one
 * message naming the flag and no stack trace; resuming from a corrupted checkpoint, which must name the file and
 * leave the model unchanged; and predict with a PNG that is not one.
 *
 * <p>Not fuzzed, because the IDX format cannot detect it: a changed pixel byte of an uncompressed file (IDX has no
 * checksum; the gzipped files have gzip's CRC-32, and their flipped bytes are fuzzed), and bytes appended after a
 * gzip stream (Java's GZIPInputStream ignores them, as gzip -d warns and ignores them).
 */
class MnistApiFuzzTest {
    static final long SEED = 5_2026L;
    static final int IDX_CASES = 1500;
    static final int API_CASES = 1000;
    static final int CLI_CASES = 200;

    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static final AtomicInteger FILES = new AtomicInteger();

    @BeforeAll
    static void trainOnce() throws Exception {
        data = dir.resolve("data");
        TinyIdx.writeDataset(data, 60, 20, 3);
        run = dir.resolve("run");
        Outcome o = main("train", "--epochs", "1", "--batch-size", "16", "--hidden", "8", "--data-dir",
                data.toString(), "--device", "cpu", "--threads", "1", "--out", run.toString(), "--no-progress",
                "--no-download");
        if (o.code() != 0) {
            throw new AssertionError("the tiny training run failed (exit " + o.code() + "): " + o.err());
        }
    }

    @TestFactory
    Stream<DynamicTest> corruptedIdxFilesAreRefusedNamingTheFile() {
        return ApiFuzz.tests(SEED + 2, IDX_CASES, Map.of("IdxReader corrupted file", MnistApiFuzzTest::corruptIdx));
    }

    @TestFactory
    Stream<DynamicTest> badInputIsRefusedByName() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("IdxReader argument", MnistApiFuzzTest::idxArgument);
        g.put("DataLoader", MnistApiFuzzTest::dataLoader);
        g.put("TrainConfig", MnistApiFuzzTest::trainConfig);
        g.put("RunCheckpoint corrupted file", MnistApiFuzzTest::corruptCheckpoint);
        return ApiFuzz.tests(SEED, API_CASES, g);
    }

    @TestFactory
    Stream<DynamicTest> badCommandLinesExitTwoNamingTheFlag() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("train flag", MnistApiFuzzTest::trainFlag);
        g.put("resume, evaluate, predict", MnistApiFuzzTest::runFiles);
        return ApiFuzz.tests(SEED + 1, CLI_CASES, g);
    }

    // ------------------------------------------------------------------------------------------------ IDX files

    private static Path newFile(String name) {
        return dir.resolve("f" + FILES.incrementAndGet() + "-" + name);
    }

    private static Case corruptIdx(Random r) {
        try {
            return corruptIdxCase(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case corruptIdxCase(Random r) throws IOException {
        boolean images = r.nextBoolean();
        boolean gz = r.nextBoolean();
        int count = 1 + r.nextInt(4);
        int rows = 1 + r.nextInt(3);
        int cols = 1 + r.nextInt(3);
        byte[] raw;
        if (images) {
            byte[] px = new byte[count * rows * cols];
            r.nextBytes(px);
            raw = TinyIdx.images(px, count, rows, cols);
        } else {
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = r.nextInt(10);
            }
            raw = TinyIdx.labels(labels);
        }
        int header = images ? 16 : 8;
        String what;
        byte[] bytes;
        int kind = r.nextInt(gz ? 7 : 5);
        if (kind >= 5) {                                     // the gzip stream itself is damaged
            byte[] z = TinyIdx.gzip(raw);
            if (kind == 5) {
                int cut = r.nextInt(z.length - 1) + 1;
                bytes = Arrays.copyOf(z, cut);
                what = "gzip cut to " + cut + " of " + z.length + " bytes";
            } else {
                int at = r.nextBoolean() ? 2 + r.nextInt(2) : 10 + r.nextInt(z.length - 10);  // not MTIME/XFL/OS
                bytes = z.clone();
                bytes[at] ^= (byte) 0xff;
                what = "gzip byte " + at + " of " + z.length + " flipped";
            }
        } else {
            bytes = switch (kind) {
                case 0 -> {
                    byte[] b = raw.clone();
                    int at = r.nextInt(4);
                    b[at] = (byte) (b[at] + 1 + r.nextInt(255));
                    yield b;
                }
                case 1 -> {
                    byte[] b = raw.clone();
                    int at = 4 + r.nextInt(header - 4);
                    b[at] = (byte) (b[at] + 1 + r.nextInt(255));
                    yield b;
                }
                case 2 -> Arrays.copyOf(raw, r.nextInt(raw.length));
                case 3 -> Arrays.copyOf(raw, raw.length + 1 + r.nextInt(5));
                default -> {
                    byte[] b = raw.clone();
                    if (images) {
                        b[4 + r.nextInt(4)] ^= (byte) 0x80;           // a count over 2^31: negative
                    } else {
                        b[header + r.nextInt(count)] = (byte) (10 + r.nextInt(246));
                    }
                    yield b;
                }
            };
            what = switch (kind) {
                case 0 -> "a magic byte changed";
                case 1 -> "a size byte changed";
                case 2 -> "cut to " + bytes.length + " of " + raw.length + " bytes";
                case 3 -> (bytes.length - raw.length) + " bytes appended";
                default -> images ? "a negative count" : "a label >= 10";
            };
            if (gz) {
                bytes = TinyIdx.gzip(bytes);
                what += ", gzipped";
            }
        }
        Path file = newFile((images ? "images" : "labels") + (gz ? ".gz" : ""));
        Files.write(file, bytes);
        String label = (images ? "images" : "labels") + " [" + count + (images ? ", " + rows + ", " + cols : "")
                + "]: " + what;
        return Case.of(label, () -> {
            if (images) {
                IdxReader.readImages(file);
            } else {
                IdxReader.readLabels(file, 10);
            }
        }, file.toString());
    }

    private static Case idxArgument(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Case.of("readImages(null)", () -> IdxReader.readImages(null), "file is null");
            case 1 -> Case.of("readLabels(null, 10)", () -> IdxReader.readLabels(null, 10), "file is null");
            case 2 -> {
                int classes = r.nextBoolean() ? badSize(r) : 257 + r.nextInt(1000);
                Path file = data.resolve("train-labels-idx1-ubyte.gz");
                yield Case.of("readLabels(classes " + classes + ")", () -> IdxReader.readLabels(file, classes),
                        "classes = " + classes);
            }
            default -> {
                Path missing = r.nextBoolean() ? dir.resolve("missing-" + r.nextInt(1000)) : dir;
                yield Case.of("readImages(" + missing.getFileName() + ")", () -> IdxReader.readImages(missing),
                        missing.toString());
            }
        };
    }

    // ---------------------------------------------------------------------------------------------- DataLoader

    private static Case dataLoader(Random r) {
        int n = 2 + r.nextInt(6);
        Dataset ds = new Dataset(new double[n * 2], new int[n], 1, 2);
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        String state = Arrays.toString(indices);
        var cpu = CpuDevice.INSTANCE;
        return switch (r.nextInt(8)) {
            case 0 -> Case.of("null data", () -> new DataLoader(null, indices, 2, false, false, null, cpu,
                    DType.FLOAT32), "data is null");
            case 1 -> Case.of("null indices", () -> new DataLoader(ds, null, 2, false, false, null, cpu,
                    DType.FLOAT32), "indices is null");
            case 2 -> {
                int[] bad = indices.clone();
                int i = r.nextBoolean() ? -1 - r.nextInt(10) : n + r.nextInt(10);
                bad[r.nextInt(n)] = i;
                yield Case.on(() -> Arrays.toString(bad), "index " + i + " of " + n, () -> new DataLoader(ds, bad, 2,
                        false, false, null, cpu, DType.FLOAT32), "index " + i);
            }
            case 3 -> {
                int b = badSize(r);
                yield Case.on(() -> state, "batch size " + b, () -> new DataLoader(ds, indices, b, r.nextBoolean(),
                        false, new Generator(1), cpu, DType.FLOAT32), "batch-size: " + b);
            }
            case 4 -> Case.of("shuffle without a generator", () -> new DataLoader(ds, indices, 2, true, false, null,
                    cpu, DType.FLOAT32), "generator is null");
            case 5 -> Case.of("null device", () -> new DataLoader(ds, indices, 2, false, false, null, null,
                    DType.FLOAT32), "device is null");
            case 6 -> Case.of("null dtype", () -> new DataLoader(ds, indices, 2, false, false, null, cpu, null),
                    "dtype is null");
            default -> r.nextBoolean()
                    ? Case.of("sequential(null data)", () -> DataLoader.sequential(null, 2, cpu, DType.FLOAT32),
                    "data is null")
                    : Case.of("new Dataset of 0x2 images", () -> new Dataset(new double[0], new int[n], 0, 2),
                    "0x2");
        };
    }

    // ---------------------------------------------------------------------------------------------- TrainConfig

    /** The homework config with one field replaced (by index), so every field is fuzzed. */
    private static TrainConfig config(int field, Object bad) {
        TrainConfig h = TrainConfig.homework(3);
        Object[] v = {h.dataset(), h.epochs(), h.batchSize(), h.lr(), h.optimizer(), h.momentum(), h.nesterov(),
            h.weightDecay(), h.schedule(), h.activation(), h.loss(), h.hidden(), h.dropout(), h.seed(), h.valSplit(),
            h.patience(), h.dtype()};
        v[field] = bad;
        @SuppressWarnings("unchecked")
        List<Integer> hidden = (List<Integer>) v[11];
        return new TrainConfig((DatasetKind) v[0], (int) v[1], (int) v[2], (double) v[3], (OptimizerKind) v[4],
                (double) v[5], (boolean) v[6], (double) v[7], (Schedule) v[8], (Activation) v[9], (LossKind) v[10],
                hidden, (double) v[12], (long) v[13], (double) v[14], (int) v[15], (String) v[16]);
    }

    private static Case trainConfig(Random r) {
        int field = oneOf(r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16);
        String flag = new String[] {"--dataset", "--epochs", "--batch-size", "--lr", "--optimizer", "--momentum",
            "--nesterov", "--weight-decay", "--schedule", "--activation", "--loss", "--hidden", "--dropout", "--seed",
            "--val-split", "--patience", "--dtype"}[field];
        Object bad = switch (field) {
            case 1, 2 -> badSize(r);
            case 3, 7 -> r.nextBoolean() ? nonFinite(r) : -r.nextDouble() - (field == 3 ? 0 : 1e-9);
            case 5, 12, 14 -> r.nextBoolean() ? badProbability(r) : 1.0;
            case 6 -> true;                                     // nesterov with momentum 0
            case 11 -> oneOf(r, null, List.of(), List.of(100, 0), List.of(-5), Arrays.asList(100, null));
            case 15 -> -1 - r.nextInt(100);
            case 16 -> oneOf(r, null, "float16", "", "FLOAT32x");
            default -> null;                                    // an enum left out (a hand-edited run state)
        };
        return Case.of(flag + " = " + bad, () -> config(field, bad), flag);
    }

    // ------------------------------------------------------------------------------------ corrupted checkpoints

    private static Case corruptCheckpoint(Random r) {
        try {
            byte[] good = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
            byte[] bytes;
            String what;
            switch (r.nextInt(4)) {
                case 0 -> {
                    int at = r.nextInt(good.length);
                    bytes = good.clone();
                    bytes[at] ^= (byte) (1 + r.nextInt(255));
                    what = "byte " + at + " of " + good.length + " changed";
                }
                case 1 -> {
                    bytes = Arrays.copyOf(good, r.nextInt(good.length));
                    what = "cut to " + bytes.length + " of " + good.length + " bytes";
                }
                case 2 -> {
                    bytes = Arrays.copyOf(good, good.length + 1 + r.nextInt(8));
                    what = (bytes.length - good.length) + " bytes appended";
                }
                default -> {
                    bytes = new byte[r.nextInt(3) * 8];
                    what = bytes.length + " zero bytes";
                }
            }
            Path file = newFile("checkpoint.safetensors");
            Files.write(file, bytes);
            TrainConfig config = TrainConfig.homework(1);
            Sequential model = MlpFactory.build(784, new int[] {8}, 10, config.activation(), config.dropout(),
                    config.loss(), new Generator(r.nextLong()), new Generator(1), CpuDevice.INSTANCE, DType.FLOAT32);
            Optimizer opt = OptimizerKind.SGD.build(model.parameters(), 0.1, 0, false, 0);
            return Case.on(() -> snapshot(model), "checkpoint " + what, () -> RunCheckpoint.load(file, model, opt,
                    List.of()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String snapshot(Sequential model) {
        StringBuilder sb = new StringBuilder();
        model.namedParameters().forEach((k, v) -> sb.append(k).append('=').append(TensorSnapshots.of(v)).append("; "));
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------- command line

    /** Runs the command line in this JVM (MainTest's helper): its exit code and what it printed. */
    static Outcome main(String... args) {
        return MainTest.main(args);
    }

    /**
     * Runs the command line; exit 2 with a message and no stack trace is thrown as an IllegalArgumentException
     * carrying stderr (so ApiFuzz checks that it names the flag or file); anything else fails the case.
     */
    static void exitsTwo(List<String> args) {
        Outcome o = main(args.toArray(new String[0]));
        if (o.code() != 2) {
            throw new AssertionError(String.join(" ", args) + " exited " + o.code() + " (expected 2)\n" + o.err());
        }
        if (o.err().contains("\tat ") || o.err().isBlank()) {
            throw new AssertionError(String.join(" ", args) + " exited 2 without one clean message:\n" + o.err());
        }
        throw new IllegalArgumentException(o.err().strip());
    }

    private static final String[][] BAD_VALUES = {
        {"--epochs", "0", "-3", "x", "1.5", ""},
        {"--batch-size", "0", "-1", "abc", "99999999999"},
        {"--lr", "0", "-0.1", "NaN", "Infinity", "fast"},
        {"--optimizer", "sgdd", "", "lbfgs"},
        {"--momentum", "1", "-0.5", "NaN", "2"},
        {"--weight-decay", "-1", "NaN", "Infinity", "x"},
        {"--schedule", "linear", "", "cosin"},
        {"--activation", "gelu", "", "ReLU6"},
        {"--loss", "mse", "", "hinge"},
        {"--hidden", "0", "100,-5", "a,b", "", ",", "100,,50"},
        {"--dropout", "1", "-0.1", "NaN", "x"},
        {"--seed", "x", "1.5", "99999999999999999999"},
        {"--val-split", "1", "-0.2", "NaN", "1.5"},
        {"--patience", "-1", "x"},
        {"--dtype", "float16", "", "int32"},
        {"--dataset", "cifar", "", "emnist"},
        {"--device", "gpu", "", "cuda:0"},
        {"--threads", "0", "-2", "x"},
        {"--data-dir", "/nonexistent/gradlab-mnist"},
    };

    private static Case trainFlag(Random r) {
        List<String> args = new ArrayList<>(List.of("train", "--no-download", "--no-progress", "--device", "cpu",
                "--threads", "1", "--data-dir", data.toString(), "--out", dir.resolve("out" + r.nextInt(4)).toString()));
        String flag;
        int kind = r.nextInt(BAD_VALUES.length + 3);
        if (kind < BAD_VALUES.length) {
            String[] values = BAD_VALUES[kind];
            flag = values[0];
            args.addAll(List.of(flag, values[1 + r.nextInt(values.length - 1)]));
        } else if (kind == BAD_VALUES.length) {
            flag = oneOf(r, "--epoch", "--batchsize", "--learning-rate", "-x");
            args.addAll(List.of(flag, "1"));
        } else if (kind == BAD_VALUES.length + 1) {
            flag = oneOf(r, "--epochs", "--lr", "--hidden", "--seed", "--out", "--dtype");
            args.add(flag);                                     // the flag without its value
        } else {
            flag = "--nesterov";
            args.addAll(List.of(flag, "--momentum", "0"));
        }
        return Case.of("train " + String.join(" ", args.subList(11, args.size())), () -> exitsTwo(args), flag);
    }

    /** A copy of a file of the run with one corruption; the file's path. */
    private static Path corruptedCopy(String name, Random r) throws IOException {
        byte[] good = Files.readAllBytes(run.resolve(name));
        byte[] bytes;
        if (r.nextBoolean()) {
            bytes = good.clone();
            bytes[r.nextInt(good.length)] ^= (byte) (1 + r.nextInt(255));
        } else {
            bytes = Arrays.copyOf(good, r.nextInt(good.length));
        }
        Path copy = newFile(name);
        Files.write(copy, bytes);
        return copy;
    }

    private static Case runFiles(Random r) {
        try {
            List<String> common = List.of("--no-download", "--device", "cpu", "--threads", "1", "--data-dir",
                    data.toString());
            List<String> args = new ArrayList<>();
            String mention;
            switch (r.nextInt(6)) {
                case 0 -> {
                    Path bad = corruptedCopy("checkpoint.safetensors", r);
                    args.addAll(List.of("train", "--no-progress", "--out", dir.resolve("resumed").toString(),
                            "--resume", bad.toString()));
                    mention = bad.toString();
                }
                case 1 -> {
                    String missing = dir.resolve("nope-" + r.nextInt(100)).toString();
                    args.addAll(List.of("train", "--resume", missing));
                    mention = "--resume";
                }
                case 2 -> {
                    Path bad = corruptedCopy("model.safetensors", r);
                    args.addAll(List.of(oneOf(r, "evaluate", "predict"), bad.toString()));
                    if (args.get(0).equals("predict")) {
                        args.addAll(List.of("--index", "0"));
                    }
                    mention = bad.toString();
                }
                case 3 -> {
                    Path png = badPng(r);
                    args.addAll(List.of("predict", run.resolve("model.safetensors").toString(), "--png",
                            png.toString()));
                    mention = "--png";
                }
                case 4 -> {
                    int index = r.nextBoolean() ? -1 - r.nextInt(10) : 20 + r.nextInt(100);
                    args.addAll(List.of("predict", run.toString(), "--index", String.valueOf(index)));
                    mention = "--index";
                }
                default -> {
                    args.addAll(List.of(oneOf(r, "evaluate", "predict"), dir.resolve("no-model-" + r.nextInt(9))
                            .toString()));
                    if (args.get(0).equals("predict")) {
                        args.addAll(List.of("--index", "0"));
                    }
                    mention = "MODEL";
                }
            }
            args.addAll(common);
            return Case.of(String.join(" ", args), () -> exitsTwo(args), mention);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A length that cuts {@code png} inside its first IDAT chunk's data (the pixels), so the image is incomplete. */
    private static int cutInsideImageData(byte[] png, Random r) {
        for (int i = 8; i + 8 <= png.length; ) {
            int length = ((png[i] & 0xff) << 24) | ((png[i + 1] & 0xff) << 16) | ((png[i + 2] & 0xff) << 8)
                    | (png[i + 3] & 0xff);
            String type = new String(png, i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                return i + 8 + r.nextInt(length);
            }
            i += 12 + length;
        }
        throw new IllegalStateException("no IDAT chunk in the PNG ImageIO wrote");
    }

    /** A PNG that is not usable: not an image, a truncated PNG, or the wrong size. */
    private static Path badPng(Random r) throws IOException {
        int side = r.nextBoolean() ? 28 : oneOf(r, 1, 27, 29, 64);
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        byte[] png = b.toByteArray();
        byte[] bytes = switch (side == 28 ? r.nextInt(2) : 2) {
            case 0 -> Arrays.copyOf(png, cutInsideImageData(png, r));
            case 1 -> {
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                yield junk;
            }
            default -> png;
        };
        Path file = newFile("digit.png");
        Files.write(file, bytes);
        return file;
    }
}
