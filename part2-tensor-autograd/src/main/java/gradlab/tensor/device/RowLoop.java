package gradlab.tensor.device;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks several same-shaped strided operands together, one <em>row</em> at a time (a run along the innermost dim),
 * so a kernel can run a tight loop per row instead of computing an offset per element.
 *
 * <p>First, dims that are laid out back to back in every operand are merged ("coalesced"): a contiguous tensor of
 * any shape becomes one long row. Rows longer than {@link #MAX_ROW} are split so kernels can use a small buffer.
 */
final class RowLoop {
    static final int MAX_ROW = 4096;

    /** Called once per row with the start offset of each operand, the row length and each operand's row stride. */
    interface RowAction {
        void row(int[] offsets, int length, int[] rowStrides);
    }

    private RowLoop() {
    }

    static void forEachRow(int[] shape, Strided[] operands, RowAction action) {
        int n = operands.length;
        // 1. Drop size-1 dims and merge neighbours that are contiguous in every operand.
        List<Integer> sizes = new ArrayList<>();
        List<int[]> strides = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (shape[d] == 0) {
                return;
            }
            int[] s = new int[n];
            for (int k = 0; k < n; k++) {
                s[k] = operands[k].strides()[d];
            }
            if (!sizes.isEmpty()) {
                int last = sizes.size() - 1;
                int[] prev = strides.get(last);
                boolean mergeable = true;
                for (int k = 0; k < n; k++) {
                    if (prev[k] != s[k] * shape[d]) {
                        mergeable = false;
                        break;
                    }
                }
                if (mergeable) {
                    sizes.set(last, sizes.get(last) * shape[d]);
                    strides.set(last, s);
                    continue;
                }
            }
            sizes.add(shape[d]);
            strides.add(s);
        }
        int[] base = new int[n];
        for (int k = 0; k < n; k++) {
            base[k] = operands[k].offset();
        }
        if (sizes.isEmpty()) { // a single element
            action.row(base, 1, new int[n]);
            return;
        }
        // 2. The innermost (merged) dim is the row; count through the outer dims like an odometer.
        int rank = sizes.size();
        int rowLength = sizes.get(rank - 1);
        int[] rowStrides = strides.get(rank - 1);
        int[] counter = new int[rank - 1];
        int[] offsets = base.clone();
        int[] chunkOffsets = new int[n];
        while (true) {
            for (int start = 0; start < rowLength; start += MAX_ROW) {
                for (int k = 0; k < n; k++) {
                    chunkOffsets[k] = offsets[k] + start * rowStrides[k];
                }
                action.row(chunkOffsets, Math.min(MAX_ROW, rowLength - start), rowStrides);
            }
            int d = rank - 2;
            while (d >= 0) {
                counter[d]++;
                int[] s = strides.get(d);
                for (int k = 0; k < n; k++) {
                    offsets[k] += s[k];
                }
                if (counter[d] < sizes.get(d)) {
                    break;
                }
                for (int k = 0; k < n; k++) {
                    offsets[k] -= s[k] * counter[d];
                }
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
