package gradlab.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by tensors and ops: broadcasting, dim normalisation, strides, and the error messages
 * that name the op and the shapes involved.
 *
 * <p><b>Broadcasting</b> (NumPy's rule): align two shapes on the right; each pair of dims must be equal or one of
 * them 1; a missing dim counts as 1. The result takes the larger of each pair. Example: [8, 1, 6] and [7, 1] give
 * [8, 7, 6].
 */
public final class Shapes {
    private Shapes() {
    }

    /** "[2, 3]" (and "[]" for a scalar). */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The most elements one tensor can hold: its storage is one Java array, indexed by an int. */
    public static final int MAX_NUMEL = Integer.MAX_VALUE - 8;

    /**
     * Checks a shape the user asked for (not null, no negative size, at most {@link #MAX_NUMEL} elements, counted
     * without overflow) and returns its number of elements; the error names {@code op} and the shape.
     */
    public static int numel(String op, int... shape) {
        if (shape == null) {
            throw new IllegalArgumentException(op + ": shape is null; pass the sizes, e.g. (3, 4), or none for a scalar");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " has a negative size " + d
                        + "; sizes must be 0 or more");
            }
            if (d == 0) {
                n = 0;
            }
        }
        for (int d : shape) {
            if (n == 0) {
                break;
            }
            n *= d;
            if (n > MAX_NUMEL) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " has more than " + MAX_NUMEL
                        + " elements, the limit for one tensor (its storage is one Java array); use smaller sizes");
            }
        }
        return (int) n;
    }

    /** Number of elements of a valid shape (1 for the scalar shape []). */
    public static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Row-major strides: the last dim has stride 1. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /** The broadcast shape of {@code a} and {@code b}, or an error naming {@code op} and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together: size " + da + " != " + db + " at dim " + (i - rank)
                        + " (counting from the right); each dim must match or be 1");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** A dim in [-rank, rank) turned into [0, rank), or an error naming {@code op}. */
    public static int normalizeDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1); // a scalar accepts dim 0 and -1, as in PyTorch
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank
                    + "; expected a dim in [" + (-r) + ", " + (r - 1) + "]");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Normalises every dim and rejects repeats. An empty array means "all dims". */
    public static int[] normalizeDims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int d = 0; d < rank; d++) {
                all[d] = d;
            }
            return all;
        }
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = normalizeDim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears more than once in "
                        + Arrays.toString(dims));
            }
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        if (rank == 0) {
            return new int[0];
        }
        return out;
    }

    /** The shape after reducing {@code dims} (sorted, normalised): size 1 with keepdim, removed without. */
    public static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        int[] out = new int[keepdim ? shape.length : shape.length - dims.length];
        int j = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out[j++] = shape[d];
            } else if (keepdim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** Validates a requested shape and fills in a single -1 from {@code numel}. */
    public static int[] inferShape(String op, int[] from, int[] requested) {
        if (requested == null) {
            throw new IllegalArgumentException(op + ": shape is null; pass the new sizes, e.g. (2, -1)");
        }
        int numel = numel(from);
        int infer = -1;
        long known = 1;
        int[] out = requested.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred (-1) in "
                            + str(requested));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + out[i] + " in " + str(requested));
            } else {
                known *= out[i];
                if (known > MAX_NUMEL) { // more elements than any tensor holds, so it cannot match numel
                    throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of"
                            + " size " + numel + " (shape " + str(from) + "); the number of elements must stay the same");
                }
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of size "
                        + numel + " (shape " + str(from) + ")");
            }
            out[infer] = (int) (numel / known);
        }
        if (numel(out) != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of size "
                    + numel + " (shape " + str(from) + "); the number of elements must stay the same");
        }
        return out;
    }

    /** Normalises a permutation of the dims (each dim exactly once, order kept), or an error naming {@code op}. */
    public static int[] normalizeDimsKeepOrder(String op, int[] dims, int rank) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < dims.length; i++) {
            out[i] = normalizeDim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears more than once in "
                        + Arrays.toString(dims) + "; each dim must appear exactly once");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** Whether elements with these strides lie in row-major order with no gaps (size-1 dims may have any stride). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        for (int size : shape) {
            if (size == 0) {
                return true; // no elements, so no layout to get wrong (PyTorch says the same)
            }
        }
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /** The storage offset of element {@code index} (one index per dim, negative counts from the end). */
    public static int offsetOf(String op, int[] shape, int[] strides, int offset, int[] index) {
        if (index == null || index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + (index == null ? "no" : index.length) + " indices given"
                    + " for a tensor of rank " + shape.length + " (shape " + str(shape) + ")");
        }
        int at = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[d] + " is out of range for dim " + d
                        + " of size " + shape[d] + " (shape " + str(shape) + ")");
            }
            at += i * strides[d];
        }
        return at;
    }

    /** The dims of a permutation of {@code shape}, normalised; each dim exactly once. */
    public static int[] permutation(String op, int[] dims, int[] shape) {
        if (dims == null || dims.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + Arrays.toString(dims) + " names "
                    + (dims == null ? 0 : dims.length) + " dims but the tensor has shape " + str(shape));
        }
        return normalizeDimsKeepOrder(op, dims, shape.length);
    }

    /** {@code shape} with dims startDim..endDim merged into one ([1] for a scalar). */
    public static int[] flattened(String op, int[] shape, int startDim, int endDim) {
        if (shape.length == 0) {
            return new int[] {1};
        }
        int s = normalizeDim(op, startDim, shape.length);
        int e = normalizeDim(op, endDim, shape.length);
        if (s > e) {
            throw new IllegalArgumentException(op + ": startDim " + startDim + " comes after endDim " + endDim);
        }
        int[] out = new int[shape.length - (e - s)];
        System.arraycopy(shape, 0, out, 0, s);
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= shape[d];
        }
        out[s] = merged;
        System.arraycopy(shape, e + 1, out, s + 1, shape.length - e - 1);
        return out;
    }
}
