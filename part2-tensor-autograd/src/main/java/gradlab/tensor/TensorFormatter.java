package gradlab.tensor;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: {@code tensor([[1., 2.],
 *         [3., 4.]], requiresGrad=true)}. Whole numbers print as "1.", others with 4 decimals, and with a wide range
 * of magnitudes in scientific notation; all elements get the same width so columns line up. Tensors with more than
 * 1000 elements show only the first and last 3 entries of each dim.
 */
final class TensorFormatter {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormatter() {
    }

    static String format(Tensor t) {
        double[] values = t.toDoubleArray();
        int[] shape = t.shape();
        boolean summarize = values.length > THRESHOLD;
        String[] text = formatNumbers(values);
        int width = 0;
        for (String s : text) {
            width = Math.max(width, s.length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (values.length == 0) {
            sb.append("[]");
        } else {
            appendBlock(sb, text, width, shape, Shapes.contiguousStrides(shape), 0, 0, summarize);
        }
        if (values.length == 0 && shape.length != 1) {
            sb.append(", size=").append(Shapes.str(shape));
        }
        if (t.dtype() != DType.FLOAT64) {
            sb.append(", dtype=").append(t.dtype());
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void appendBlock(StringBuilder sb, String[] text, int width, int[] shape, int[] strides,
                                    int dim, int offset, boolean summarize) {
        if (dim == shape.length) {
            sb.append(" ".repeat(width - text[offset].length())).append(text[offset]);
            return;
        }
        int n = shape[dim];
        String indent = " ".repeat("tensor(".length() + dim + 1);
        String separator = dim == shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - dim - 1) + indent;
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append("...").append(separator);
                i = n - EDGE_ITEMS;
            }
            appendBlock(sb, text, width, shape, strides, dim + 1, offset + i * strides[dim], summarize);
            if (i < n - 1) {
                sb.append(separator);
            }
        }
        sb.append(']');
    }

    /** Formats every value with the one style the whole tensor uses. */
    private static String[] formatNumbers(double[] values) {
        boolean allWhole = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            allWhole &= v == Math.rint(v);
            double a = Math.abs(v);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) {
                minAbs = Math.min(minAbs, a);
            }
        }
        boolean scientific = maxAbs >= 1e8 || (maxAbs > 0 && (minAbs < 1e-4 || maxAbs / minAbs > 1000));
        if (allWhole && maxAbs < 1e8) {
            scientific = false;
        }
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                out[i] = "nan";
            } else if (Double.isInfinite(v)) {
                out[i] = v > 0 ? "inf" : "-inf";
            } else if (scientific) {
                out[i] = String.format(Locale.ROOT, "%.4e", v);
            } else if (allWhole) {
                out[i] = String.format(Locale.ROOT, "%.0f.", v);
            } else {
                out[i] = String.format(Locale.ROOT, "%.4f", v);
            }
        }
        return out;
    }
}
