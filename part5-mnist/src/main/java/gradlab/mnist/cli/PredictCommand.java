package gradlab.mnist.cli;

import gradlab.mnist.data.DataLoader;
import gradlab.mnist.data.Dataset;
import gradlab.mnist.data.MnistData;
import gradlab.mnist.train.RunOutputs;
import gradlab.mnist.train.TrainConfig;
import gradlab.nn.Sequential;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code predict}: the class probabilities a saved model gives one image (a 28x28 PNG or a test-set index). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print a saved model's class probabilities for a 28x28 PNG or a test-set image.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "model.safetensors written by train (or its folder).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--png", paramLabel = "FILE", description = "A 28x28 PNG (white digit on black, as MNIST;"
                + " a dark digit on a light background is inverted).")
        Path png;
        @Option(names = "--index", paramLabel = "I", description = "The I-th image of the test set.")
        Integer index;
    }

    @Mixin
    DataOptions data;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Path file = EvaluateCommand.modelFile(model);
        TrainConfig config = RunOutputs.readConfig(file);
        Device device = data.deviceChoice().device();
        double[] pixels;
        List<String> names = config.dataset().classNames();
        Integer trueLabel = null;
        if (input.png != null) {
            pixels = readPng(input.png, log);
        } else {
            MnistData mnist = data.load(log);
            Dataset test = mnist.test();
            if (input.index < 0 || input.index >= test.size()) {
                throw new IllegalArgumentException("--index: " + input.index + " is outside the test set's [0, "
                        + test.size() + ")");
            }
            pixels = new double[test.features()];
            test.copyImage(input.index, pixels, 0);
            trueLabel = test.label(input.index);
        }
        Sequential net = EvaluateCommand.load(file, config, pixels.length, names.size(), device);
        double[] probs;
        try (var g = Tensor.noGrad()) {
            Tensor x = Tensor.on(device, config.dtypeValue()).of(new int[] {1, pixels.length}, pixels);
            Tensor out = net.call(x);
            probs = (config.loss().needsLogSoftmax() ? out.exp() : out.softmax(1)).toDoubleArray();
        }
        int best = 0;
        for (int c = 1; c < probs.length; c++) {
            best = probs[c] > probs[best] ? c : best;
        }
        for (int c = 0; c < probs.length; c++) {
            log.printf("%-12s %6.2f%%  %s%n", names.get(c), 100 * probs[c], "#".repeat((int) Math.round(40 * probs[c])));
        }
        log.printf("prediction: %s (%.2f%%)%s%n", names.get(best), 100 * probs[best],
                trueLabel == null ? "" : ", true label: " + names.get(trueLabel));
        return 0;
    }

    /** The last 12 bytes of every complete PNG: the empty IEND chunk (length 0, "IEND", its CRC). */
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /**
     * Refuses a PNG cut short: ImageIO decodes a PNG whose image data is truncated without a word (the missing rows
     * come out black), which would give a confident prediction for half a digit.
     */
    static void requireCompletePng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        if (bytes.length >= PNG_SIGNATURE.length
                && java.util.Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)
                && (bytes.length < PNG_SIGNATURE.length + IEND.length || !java.util.Arrays.equals(bytes,
                bytes.length - IEND.length, bytes.length, IEND, 0, IEND.length))) {
            throw new IllegalArgumentException("--png: " + png + " is a PNG cut short (" + bytes.length + " bytes,"
                    + " no IEND chunk at its end); the file is truncated, save or copy it again");
        }
    }

    /** A 28x28 PNG as 784 values in [0, 1], white-on-black; inverted (saying so) when the background is light. */
    static double[] readPng(Path png, PrintWriter log) throws IOException {
        if (!Files.isRegularFile(png)) {
            throw new IllegalArgumentException("--png: " + png + " is not a file");
        }
        requireCompletePng(png);
        BufferedImage img;
        try {
            img = ImageIO.read(png.toFile());
        } catch (IOException | RuntimeException e) {   // a corrupt PNG: ImageIO throws IIOException, or worse
            throw new IllegalArgumentException("--png: " + png + " is not a readable PNG (" + e.getClass()
                    .getSimpleName() + ": " + e.getMessage() + "); the file is corrupt or truncated, save it again");
        }
        if (img == null) {
            throw new IllegalArgumentException("--png: " + png + " is not an image Java can read; expected a PNG");
        }
        if (img.getWidth() != 28 || img.getHeight() != 28) {
            throw new IllegalArgumentException("--png: " + png + " is " + img.getWidth() + "x" + img.getHeight()
                    + "; expected 28x28 pixels (scale it first, e.g. convert in.png -resize 28x28! out.png)");
        }
        double[] x = new double[784];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int rgb = img.getRGB(c, r);
                double grey = (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
                x[r * 28 + c] = grey / 255.0;
            }
        }
        double border = 0;
        for (int i = 0; i < 28; i++) {
            border += x[i] + x[27 * 28 + i] + x[i * 28] + x[i * 28 + 27];
        }
        if (border / (4 * 28) > 0.5) {
            log.println("(the image has a light background; inverting it to MNIST's white digit on black)");
            for (int i = 0; i < x.length; i++) {
                x[i] = 1 - x[i];
            }
        }
        return x;
    }
}
