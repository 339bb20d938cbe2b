package gradlab.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PyTorch golden values in src/test/resources/golden (written by generate_golden.py there) and compares
 * numbers to them, remembering the largest relative error seen.
 */
public final class Golden {
    /** The agreement required with PyTorch, relative, in float64. */
    public static final double REL_TOL = 1e-10;

    private static double maxRelError;

    private Golden() {
    }

    /** The parsed JSON file {@code golden/<name>}. */
    public static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + name + " is missing from the test resources; run"
                        + " part4-optimizers/src/test/resources/golden/generate_golden.py");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    public static double[][] matrix(JsonNode rows) {
        List<double[]> out = new ArrayList<>();
        rows.forEach(r -> out.add(doubles(r)));
        return out.toArray(new double[0][]);
    }

    /** |actual - expected| / |expected| (0 when both are equal, including both 0). */
    public static double relError(double actual, double expected) {
        if (actual == expected) {
            return 0.0;
        }
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    /**
     * Checks every element to {@link #REL_TOL} relative; the message names {@code where} (configuration, step,
     * parameter) and the index.
     */
    public static void assertClose(String where, double[] actual, double[] expected) {
        assertClose(where, actual, expected, null);
    }

    /**
     * As {@link #assertClose(String, double[], double[])}, but relative to the larger of |expected| and |before|
     * (the value before the step). An update that cancels a parameter to nearly 0 (Adam's and Adagrad's first step
     * is exactly +-lr; with lr 0.1 a weight of 0.1 becomes ~1e-10) keeps the rounding error of its operands, about
     * 1e-17 here, which is 1e-7 relative to the tiny result but 1e-16 relative to the numbers that were subtracted.
     */
    public static synchronized void assertClose(String where, double[] actual, double[] expected, double[] before) {
        if (actual.length != expected.length) {
            throw new AssertionError(where + ": " + actual.length + " values but PyTorch has " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            double scale = Math.abs(expected[i]);
            if (before != null) {
                scale = Math.max(scale, Math.abs(before[i]));
            }
            double err = actual[i] == expected[i] ? 0.0 : Math.abs(actual[i] - expected[i]) / scale;
            if (!(err <= REL_TOL)) {
                throw new AssertionError(where + ", element " + i + ": GradLab " + actual[i] + " but PyTorch "
                        + expected[i] + " (relative error " + err + " > " + REL_TOL + ")");
            }
            maxRelError = Math.max(maxRelError, err);
        }
    }

    /** The largest relative error seen so far by {@link #assertClose}. */
    public static synchronized double maxRelError() {
        return maxRelError;
    }

    /** A float64 leaf that requires grad, of this shape and these values. */
    public static Tensor param(int[] shape, double[] values) {
        return Tensor.of(shape, values).requiresGrad(true);
    }
}
