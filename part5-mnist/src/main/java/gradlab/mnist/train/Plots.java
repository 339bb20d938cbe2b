package gradlab.mnist.train;

import gradlab.mnist.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The run's pictures, as PNG files: loss and accuracy curves and the confusion matrix (XChart), and a grid of
 * misclassified test digits labelled "predicted (true)" (drawn pixel by pixel with Java 2D: they are images, not
 * charts). Each is written to a temporary file and renamed, like every file a run writes.
 */
public final class Plots {
    private Plots() {
    }

    /**
     * Training and validation loss per epoch beside validation accuracy, the best epoch (whose weights the run kept)
     * marked on both; the loss alone without validation ({@code bestEpoch} null).
     */
    public static void curves(List<EpochRecord> history, Integer bestEpoch, Path file) throws IOException {
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart loss = new XYChartBuilder().width(600).height(400).title("Loss").xAxisTitle("epoch")
                .yAxisTitle("cross-entropy").build();
        loss.addSeries("training", epochs, history.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        XYChart accuracy = new XYChartBuilder().width(600).height(400).title("Validation accuracy")
                .xAxisTitle("epoch").yAxisTitle("accuracy (%)").build();
        accuracy.getStyler().setYAxisDecimalPattern("0.0");
        loss.getStyler().setYAxisDecimalPattern("0.000");
        loss.getStyler().setXAxisDecimalPattern("0");
        accuracy.getStyler().setXAxisDecimalPattern("0");
        if (history.get(0).valLoss() == null) { // no validation set (--val-split 0): the loss curve alone
            atomically(file, tmp -> BitmapEncoder.saveBitmap(loss, tmp.toString(), BitmapEncoder.BitmapFormat.PNG));
            return;
        }
        loss.addSeries("validation", epochs, history.stream().mapToDouble(EpochRecord::valLoss).toArray());
        accuracy.addSeries("validation", epochs, history.stream().mapToDouble(r -> 100 * r.valAccuracy()).toArray());
        if (bestEpoch != null) {
            EpochRecord best = history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElseThrow();
            String label = "best: epoch " + bestEpoch + " (weights kept)";
            loss.addSeries(label, new double[] {bestEpoch}, new double[] {best.valLoss()})
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            accuracy.addSeries(label, new double[] {bestEpoch}, new double[] {100 * best.valAccuracy()})
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        atomically(file, tmp -> BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, tmp.toString(),
                BitmapEncoder.BitmapFormat.PNG));
    }

    /** The confusion matrix as a heat map with the counts written in: x is the predicted class, y the true one. */
    public static void confusion(int[][] confusion, List<String> classNames, Path file) throws IOException {
        int k = confusion.length;
        HeatMapChart chart = new HeatMapChartBuilder().width(700).height(620)
                .title("Confusion matrix (test set)").xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(245, 248, 255), new Color(120, 160, 220),
                new Color(20, 50, 130)});
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(classNames.get(c));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, confusion[t][p]}); // true class 0 on top
            }
        }
        List<String> yNames = new ArrayList<>(names);
        java.util.Collections.reverse(yNames);
        chart.addSeries("confusion", names, yNames, cells);
        atomically(file, tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Up to {@code max} misclassified examples in a grid, each drawn 3x and captioned "predicted (true)".
     *
     * @param examples    the dataset the predictions are of, in the same order
     * @param predictions the predicted class of each example
     */
    public static void misclassified(Dataset examples, int[] predictions, List<String> classNames, int max,
                                     Path file) throws IOException {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < predictions.length && wrong.size() < max; i++) {
            if (predictions[i] != examples.label(i)) {
                wrong.add(i);
            }
        }
        int cols = 8;
        int rows = Math.max(1, (wrong.size() + cols - 1) / cols);
        int scale = 3;
        int cellW = examples.cols() * scale + 16;
        int cellH = examples.rows() * scale + 30;
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(wrong.isEmpty() ? "No misclassified test examples"
                : "Misclassified test examples: predicted (true)", 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int n = 0; n < wrong.size(); n++) {
            int i = wrong.get(n);
            int x0 = (n % cols) * cellW + 8;
            int y0 = (n / cols) * cellH + 30;
            for (int r = 0; r < examples.rows(); r++) {
                for (int c = 0; c < examples.cols(); c++) {
                    int v = 255 - (int) Math.round(255 * examples.pixel(i, r * examples.cols() + c));
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
            g.setColor(new Color(170, 20, 20));
            g.drawString(short3(classNames.get(predictions[i])) + " (" + short3(classNames.get(examples.label(i)))
                    + ")", x0, y0 + examples.rows() * scale + 16);
        }
        g.dispose();
        atomically(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private static String short3(String name) {
        return name.length() <= 7 ? name : name.substring(0, 6) + ".";
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes through {@code writer} to a temporary .png beside {@code file}, then renames it over {@code file}. */
    private static void atomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = gradlab.mnist.AtomicFiles.tempBeside(file, ".png"); // XChart adds .png if missing
        try {
            writer.write(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
