package gradlab.mnist.opencl;

import com.aparapi.Kernel;

/**
 * Batched matrix product on float64: out[t] = a[t] b[t] for every batch t, a[t] n x k, b[t] k x m, all compact. The
 * transposed products that backward needs (grad a = grad out . b^T, grad b = a^T . grad out) reach this kernel as
 * compact operands too: the bridge lays out the transposed view before the call.
 *
 * <p>Work-group layout: a 3-D range. Dim 0 is the output column j, dim 1 the row i (each rounded up to a multiple of
 * {@link #TILE}), dim 2 the batch t; a work-group is a TILE x TILE square of output elements of one batch. The group
 * walks along k in steps of TILE: every work item loads one element of a and one of b into the group's local memory
 * ({@link #tileA}, {@link #tileB}; zero past the matrix edges), the group waits at a barrier, and every work item adds
 * TILE products from local memory. So each element of a and b is read from global memory n/TILE and m/TILE times
 * instead of m and n times. Work items outside the output still take part in the loads and barriers (every item of a
 * group must reach each barrier) but write nothing.
 */
public final class MatmulDoubleKernel extends Kernel {
    /** The tile edge: work-groups are TILE x TILE (256 work items, which every OpenCL GPU accepts). */
    static final int TILE = 16;

    double[] a = new double[1];
    double[] b = new double[1];
    double[] out = new double[1];
    int n;
    int k;
    int m;

    @Local
    final double[] tileA = new double[TILE * TILE];
    @Local
    final double[] tileB = new double[TILE * TILE];

    @Override
    public void run() {
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        int t = getGlobalId(2);
        int lj = getLocalId(0);
        int li = getLocalId(1);
        double sum = 0.0;
        for (int p0 = 0; p0 < k; p0 += TILE) {
            int pa = p0 + lj;
            tileA[li * TILE + lj] = i < n && pa < k ? a[(t * n + i) * k + pa] : 0.0;
            int pb = p0 + li;
            tileB[li * TILE + lj] = pb < k && j < m ? b[(t * k + pb) * m + j] : 0.0;
            localBarrier();
            for (int q = 0; q < TILE; q++) {
                sum += tileA[li * TILE + q] * tileB[q * TILE + lj];
            }
            localBarrier();
        }
        if (i < n && j < m) {
            out[(t * n + i) * m + j] = sum;
        }
    }
}
