package gradlab.gradcheck;

import java.util.Locale;

/** Prints the numeric and analytic Jacobians of one input side by side, for small inputs. */
final class JacobianTable {
    private JacobianTable() {
    }

    /** Rows are output elements, columns the input's elements (row-major). */
    static String sideBySide(Input in, double[][] numeric, double[][] analytic) {
        String nl = System.lineSeparator();
        StringBuilder t = new StringBuilder();
        t.append("Jacobian d out / d ").append(in.name())
                .append(" (rows: output elements; columns: elements of ").append(in.name())
                .append(" in row-major order):").append(nl);
        int n = in.size();
        int width = 11 * n;
        t.append(String.format(Locale.ROOT, "%-8s %-" + width + "s | %s", "", "numeric", "analytic")).append(nl);
        for (int k = 0; k < numeric.length; k++) {
            t.append(String.format(Locale.ROOT, "%-8s ", "out[" + k + "]"));
            for (int j = 0; j < n; j++) {
                t.append(String.format(Locale.ROOT, "%11.5g", numeric[k][j]));
            }
            t.append(" | ");
            for (int j = 0; j < n; j++) {
                t.append(String.format(Locale.ROOT, "%11.5g", analytic[k][j]));
            }
            t.append(nl);
        }
        return t.toString();
    }
}
