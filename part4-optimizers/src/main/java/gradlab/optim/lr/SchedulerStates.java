package gradlab.optim.lr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the values of a scheduler's state dict with clear errors: a dict that comes back from a checkpoint file may
 * lack a key or hold a value of the wrong type, and that must be a message naming the key, the value and the
 * expected form, not a ClassCastException.
 */
final class SchedulerStates {

    private SchedulerStates() {
    }

    /** Throws unless {@code dict} was saved by a scheduler of kind {@code kind} (its "scheduler" entry). */
    static void requireKind(Map<String, Object> dict, String kind) {
        if (dict == null) {
            throw new IllegalArgumentException(kind + ".loadStateDict: the dict is null; pass what "
                    + kind + ".stateDict() returned");
        }
        if (!kind.equals(dict.get("scheduler"))) {
            throw new IllegalArgumentException(kind + ".loadStateDict: the dict was saved by " + dict.get("scheduler")
                    + ", not by " + kind + "; load each scheduler's dict into a scheduler of the same kind");
        }
    }

    /** The whole number under {@code key}. */
    static int intValue(Map<String, Object> dict, String key, String kind) {
        Object v = dict.get(key);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            throw bad(kind, key, v, "a whole number (int)");
        }
        return ((Number) v).intValue();
    }

    /** The number under {@code key}. */
    static double doubleValue(Map<String, Object> dict, String key, String kind) {
        Object v = dict.get(key);
        if (!(v instanceof Number n)) {
            throw bad(kind, key, v, "a number");
        }
        return n.doubleValue();
    }

    /** The list of {@code size} numbers under {@code key} (one per param group). */
    static List<Double> doubles(Map<String, Object> dict, String key, int size, String kind) {
        Object v = dict.get(key);
        if (!(v instanceof List<?> list) || list.size() != size) {
            throw bad(kind, key, v, "a list of " + size + " numbers, one per param group of the optimizer");
        }
        List<Double> out = new ArrayList<>();
        for (Object x : list) {
            if (!(x instanceof Number n)) {
                throw bad(kind, key, v, "a list of " + size + " numbers, one per param group of the optimizer");
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    private static IllegalArgumentException bad(String kind, String key, Object value, String expected) {
        return new IllegalArgumentException(kind + ".loadStateDict: '" + key + "' is "
                + (value == null ? "missing" : value instanceof String ? "the text \"" + value + "\"" : value)
                + ", expected " + expected + "; pass the dict " + kind + ".stateDict() returned, unchanged");
    }
}
