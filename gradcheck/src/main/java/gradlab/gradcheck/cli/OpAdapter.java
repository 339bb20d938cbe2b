package gradlab.gradcheck.cli;

import gradlab.gradcheck.Differentiable;

/**
 * Lets the command line check op classes that are not {@link Differentiable} themselves, such as part 1's gates or
 * part 2's tensor {@code Function}s: gradcheck depends on no stage, so a stage brings its own adapter.
 *
 * <p>A stage registers its adapter with Java's {@link java.util.ServiceLoader}: a file
 * {@code src/main/resources/META-INF/services/gradlab.gradcheck.cli.OpAdapter} whose line is the adapter's class
 * name. The command line asks every adapter on the classpath, in turn, for the class it was given.
 */
public interface OpAdapter {

    /** What this adapter checks, for messages, e.g. "part 1 gates (subclasses of gradlab.scalar.gate.Gate)". */
    String describe();

    /**
     * {@code type} as a function gradcheck can check, with the shapes of its inputs; null when {@code type} is not
     * of this adapter's kind. {@code shapes} is empty when no {@code --shape} was given: an adapter that knows its
     * op's inputs (a gate's are scalars) chooses them. Throws IllegalArgumentException, naming the fix, when the
     * type is of its kind but cannot be used (no suitable constructor, shapes it cannot take).
     */
    Adapted adapt(Class<?> type, int[][] shapes);

    /** The function to check and the shapes of its inputs, one per input. */
    record Adapted(Differentiable function, int[][] shapes) {
    }
}
