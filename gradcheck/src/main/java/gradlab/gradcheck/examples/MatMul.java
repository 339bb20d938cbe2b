package gradlab.gradcheck.examples;

import gradlab.gradcheck.Differentiable;

/**
 * Y = A B for A of shape [n, k] and B of shape [k, m], both given flat in row-major order. The shapes are not part
 * of a flat {@link Differentiable}, so the inner dimension k is given to the constructor; the command line
 * ({@code --shape n,k --shape k,m}) calls {@link #MatMul(int[][])} with the shapes.
 * <pre>
 *   dA = G B^T        dB = A^T G        (G = dL/dY, shape [n, m])
 * </pre>
 */
public final class MatMul implements Differentiable {
    private final int k;

    /** A is [n, k], B is [k, m]. */
    public MatMul(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the inner dimension k must be >= 1, got " + k);
        }
        this.k = k;
    }

    /** From the shapes of A and B, as the command line passes them: [[n, k], [k, m]]. */
    public MatMul(int[][] shapes) {
        this(innerDimension(shapes));
    }

    private static int innerDimension(int[][] shapes) {
        if (shapes.length != 2 || shapes[0].length != 2 || shapes[1].length != 2 || shapes[0][1] != shapes[1][0]) {
            throw new IllegalArgumentException("MatMul needs two matrices [n, k] and [k, m], got "
                    + java.util.Arrays.deepToString(shapes) + "; e.g. --shape 2,3 --shape 3,4");
        }
        return shapes[0][1];
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public double[] forward(double[][] inputs) {
        double[] a = inputs[0];
        double[] b = inputs[1];
        int n = rows(a);
        int m = columns(b);
        double[] y = new double[n * m];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[r * k + t] * b[t * m + c];
                }
                y[r * m + c] = s;
            }
        }
        return y;
    }

    @Override
    public double[][] backward(double[][] inputs, double[] g) {
        double[] a = inputs[0];
        double[] b = inputs[1];
        int n = rows(a);
        int m = columns(b);
        double[] da = new double[a.length];
        double[] db = new double[b.length];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                double gy = g[r * m + c];
                for (int t = 0; t < k; t++) {
                    da[r * k + t] += gy * b[t * m + c];   // dA[r, t] = sum_c G[r, c] B[t, c]
                    db[t * m + c] += a[r * k + t] * gy;   // dB[t, c] = sum_r A[r, t] G[r, c]
                }
            }
        }
        return new double[][] {da, db};
    }

    private int rows(double[] a) {
        if (a.length % k != 0) {
            throw new IllegalArgumentException("A has " + a.length + " elements, not a multiple of k = " + k);
        }
        return a.length / k;
    }

    private int columns(double[] b) {
        if (b.length % k != 0) {
            throw new IllegalArgumentException("B has " + b.length + " elements, not a multiple of k = " + k);
        }
        return b.length / k;
    }
}
