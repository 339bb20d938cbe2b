package gradlab.nn.functional;

/**
 * The null check every public entry point of part 3 makes before touching its arguments: a null is an
 * IllegalArgumentException naming the method and the parameter, never a NullPointerException from deep inside.
 */
public final class ArgumentChecks {
    private ArgumentChecks() {
    }

    /** {@code value}, or an IllegalArgumentException "method: name is null; pass ..." if it is null. */
    public static <T> T notNull(T value, String method, String name, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(method + ": " + name + " is null; pass " + expected);
        }
        return value;
    }

    /** A tensor argument that must not be null. */
    public static <T> T tensor(T value, String method, String name) {
        return notNull(value, method, name, "a tensor");
    }
}
