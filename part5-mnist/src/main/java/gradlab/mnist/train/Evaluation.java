package gradlab.mnist.train;

import gradlab.mnist.data.Batch;
import gradlab.mnist.data.DataLoader;
import gradlab.nn.Module;
import gradlab.nn.loss.Loss;
import gradlab.tensor.Tensor;

/**
 * A model's results on a dataset: mean loss, accuracy, the confusion matrix ({@code confusion[true][predicted]}
 * counts) and every prediction, from one pass in eval mode (dropout off) without recording gradients.
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, int[] predictions, int[] labels) {

    /** Evaluates {@code model} on every batch of {@code loader} (which must not shuffle: predictions follow it). */
    public static Evaluation of(Module model, Loss loss, DataLoader loader, int classes) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = loader.samplesPerEpoch();
        int[] predictions = new int[n];
        int[] labels = new int[n];
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        int k = 0;
        int correct = 0;
        try (var g = Tensor.noGrad()) {
            for (Batch b : loader) {
                Tensor out = model.call(b.x());
                lossSum += loss.forward(out, b.y()).item() * b.size(); // the batch's mean, times its size
                double[] pred = out.argmax(1, false).toDoubleArray();
                for (int r = 0; r < b.size(); r++) {
                    int y = loader.dataset().label(b.indices()[r]);
                    int p = (int) pred[r];
                    predictions[k] = p;
                    labels[k] = y;
                    confusion[y][p]++;
                    correct += p == y ? 1 : 0;
                    k++;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / n, (double) correct / n, confusion, predictions, labels);
    }

    /** Accuracy on the examples of class c (NaN when there are none). */
    public double classAccuracy(int c) {
        int total = 0;
        for (int count : confusion[c]) {
            total += count;
        }
        return total == 0 ? Double.NaN : (double) confusion[c][c] / total;
    }

    /** The confusion matrix as text: rows are true classes, columns predicted ones. */
    public String confusionTable() {
        int classes = confusion.length;
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int c = 0; c < classes; c++) {
            sb.append(String.format("%6d", c));
        }
        sb.append('\n');
        for (int t = 0; t < classes; t++) {
            sb.append(String.format("%9d", t));
            for (int p = 0; p < classes; p++) {
                sb.append(String.format("%6d", confusion[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
