package gradlab.optim.examples;

import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.optim.RMSprop;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * SGD, SGD with momentum, RMSprop and Adam on two classic test functions of a point (x, y), with a PNG of their
 * paths and loss curves.
 *
 * <ul>
 *   <li><b>An ill-conditioned quadratic</b> f = 0.5 (x^2 + 50 y^2), from (-4, 1), 100 steps. The curvature is 50
 *       times larger along y, so plain SGD must take lr &lt; 2/50 to stay stable; at lr = 0.038 every step overshoots
 *       in y (y flips sign at every step: the zig-zag) while x creeps in at 3.8% per step. Momentum averages the
 *       zig-zag out and keeps speed along x; RMSprop and Adam divide each coordinate's step by its own gradient
 *       scale, so x and y move at the same pace.</li>
 *   <li><b>Rosenbrock</b> f = (1 - x)^2 + 100 (y - x^2)^2, from (-1.2, 1), 3000 steps: a curved, flat-bottomed
 *       valley with the minimum at (1, 1). Plain SGD (lr 1e-3) reaches the valley and then crawls along its flat
 *       floor; momentum builds up speed along it and Adam's normalized steps do not shrink with the gradient, and
 *       both reach (1, 1); RMSprop gets much closer than SGD but, with neither momentum nor bias correction,
 *       it jitters at a distance set by its lr.</li>
 * </ul>
 */
public final class OptimizerComparison {
    /** The optimizers compared: a label and how to build it over the point. */
    public record Contender(String label, Function<List<Tensor>, Optimizer> make) {
    }

    /** One optimizer's run: the points visited (start included) and the loss at each of them. */
    public record Run(String label, List<double[]> path, List<Double> losses) {
        public double finalLoss() {
            return losses.get(losses.size() - 1);
        }

        public double[] finalPoint() {
            return path.get(path.size() - 1);
        }

        /** How many times the y coordinate changed sign between consecutive points. */
        public int ySignChanges() {
            int n = 0;
            for (int i = 1; i < path.size(); i++) {
                if (path.get(i)[1] * path.get(i - 1)[1] < 0) {
                    n++;
                }
            }
            return n;
        }
    }

    public static final int QUADRATIC_STEPS = 100;
    public static final int ROSENBROCK_STEPS = 3000;

    private OptimizerComparison() {
    }

    /** f = 0.5 (x^2 + 50 y^2). */
    public static Tensor quadratic(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.mul(x).add(y.mul(y).mul(50)).mul(0.5);
    }

    /** f = (1 - x)^2 + 100 (y - x^2)^2. */
    public static Tensor rosenbrock(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.rsub(1).pow(2).add(y.sub(x.mul(x)).pow(2).mul(100));
    }

    public static List<Contender> quadraticContenders() {
        return List.of(
                new Contender("SGD lr=0.038", ps -> new SGD(ps, 0.038)),
                new Contender("SGD momentum=0.9 lr=0.02", ps -> new SGD(ps, SGD.options(0.02).momentum(0.9))),
                new Contender("RMSprop lr=0.05", ps -> new RMSprop(ps, 0.05)),
                new Contender("Adam lr=0.3", ps -> new Adam(ps, 0.3)));
    }

    public static List<Contender> rosenbrockContenders() {
        return List.of(
                new Contender("SGD lr=0.001", ps -> new SGD(ps, 0.001)),
                new Contender("SGD momentum=0.9 lr=0.001", ps -> new SGD(ps, SGD.options(0.001).momentum(0.9))),
                new Contender("RMSprop lr=0.002 alpha=0.9", ps -> new RMSprop(ps, RMSprop.options().lr(0.002)
                        .alpha(0.9))),
                new Contender("Adam lr=0.05", ps -> new Adam(ps, 0.05)));
    }

    /** Runs one optimizer from {@code start} for {@code steps} steps on {@code f}. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static Run run(Contender c, Function<Tensor, Tensor> f, double[] start, int steps) {
        Tensor p = Tensor.of(start.clone()).requiresGrad(true);
        Optimizer opt = c.make().apply(List.of(p));
        List<double[]> path = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            opt.zeroGrad();
            Tensor loss = f.apply(p);
            path.add(p.toDoubleArray());
            losses.add(loss.item());
            loss.backward();
            opt.step();
        }
        path.add(p.toDoubleArray());
        try (var noGrad = Tensor.noGrad()) {
            losses.add(f.apply(p).item());
        }
        return new Run(c.label(), path, losses);
    }

    public static List<Run> runQuadratic() {
        List<Run> runs = new ArrayList<>();
        for (Contender c : quadraticContenders()) {
            runs.add(run(c, OptimizerComparison::quadratic, new double[] {-4, 1}, QUADRATIC_STEPS));
        }
        return runs;
    }

    public static List<Run> runRosenbrock() {
        List<Run> runs = new ArrayList<>();
        for (Contender c : rosenbrockContenders()) {
            runs.add(run(c, OptimizerComparison::rosenbrock, new double[] {-1.2, 1}, ROSENBROCK_STEPS));
        }
        return runs;
    }

    /**
     * Writes {@code optimizer-comparison.png} in {@code dir}: a 2 x 2 grid with, for each function, the paths in the
     * (x, y) plane (a dot where each run stopped, the minimum as a red diamond) and the loss against the step on a log scale. Returns the file.
     */
    public static Path writePlot(List<Run> quadratic, List<Run> rosenbrock, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = List.of(
                pathChart("f = 0.5 (x^2 + 50 y^2): paths from (-4, 1)", quadratic, new double[] {0, 0}),
                lossChart("f = 0.5 (x^2 + 50 y^2): loss", quadratic),
                pathChart("Rosenbrock: paths from (-1.2, 1)", rosenbrock, new double[] {1, 1}),
                lossChart("Rosenbrock: loss", rosenbrock));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("optimizer-comparison.png");
            BitmapEncoder.saveBitmap(charts, 2, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the plot to " + dir, e);
        }
    }

    /** One colour per optimizer, the same in every panel. */
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x2ca02c)};

    private static XYChart pathChart(String title, List<Run> runs, double[] minimum) {
        XYChart chart = new XYChartBuilder().width(700).height(500).title(title).xAxisTitle("x").yAxisTitle("y")
                .build();
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            double[] xs = new double[r.path().size()];
            double[] ys = new double[r.path().size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = r.path().get(i)[0];
                ys[i] = r.path().get(i)[1];
            }
            XYSeries s = chart.addSeries(r.label(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(COLORS[k % COLORS.length]);
            // where the run stopped: paths can overlap (on Rosenbrock all follow the same valley)
            XYSeries end = chart.addSeries(r.label() + " end", new double[] {xs[xs.length - 1]},
                    new double[] {ys[ys.length - 1]});
            end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            end.setMarker(SeriesMarkers.CIRCLE);
            end.setMarkerColor(COLORS[k % COLORS.length]);
            end.setShowInLegend(false);
        }
        XYSeries min = chart.addSeries("minimum", new double[] {minimum[0]}, new double[] {minimum[1]});
        min.setMarker(SeriesMarkers.DIAMOND);
        min.setMarkerColor(Color.RED);
        min.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return chart;
    }

    private static XYChart lossChart(String title, List<Run> runs) {
        XYChart chart = new XYChartBuilder().width(700).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            double[] steps = new double[r.losses().size()];
            double[] losses = new double[steps.length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i;
                losses[i] = Math.max(r.losses().get(i), 1e-20);   // a log axis cannot show 0
            }
            XYSeries s = chart.addSeries(r.label(), steps, losses);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(COLORS[k % COLORS.length]);
        }
        return chart;
    }

    /** Runs both comparisons, prints the final losses and writes the PNG to args[0] (default: target). */
    public static void main(String[] args) {
        List<Run> quadratic = runQuadratic();
        List<Run> rosenbrock = runRosenbrock();
        System.out.println("f = 0.5 (x^2 + 50 y^2), " + QUADRATIC_STEPS + " steps from (-4, 1):");
        for (Run r : quadratic) {
            System.out.printf("  %-28s loss %.3e at (%.4f, %.4f), y changed sign %d times%n", r.label(),
                    r.finalLoss(), r.finalPoint()[0], r.finalPoint()[1], r.ySignChanges());
        }
        System.out.println("Rosenbrock, " + ROSENBROCK_STEPS + " steps from (-1.2, 1):");
        for (Run r : rosenbrock) {
            System.out.printf("  %-28s loss %.3e at (%.4f, %.4f)%n", r.label(), r.finalLoss(), r.finalPoint()[0],
                    r.finalPoint()[1]);
        }
        Path file = writePlot(quadratic, rosenbrock, Path.of(args.length > 0 ? args[0] : "target"));
        System.out.println("plot: " + file.toAbsolutePath());
    }
}
