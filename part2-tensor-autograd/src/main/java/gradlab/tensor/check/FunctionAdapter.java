package gradlab.tensor.check;

import gradlab.gradcheck.cli.OpAdapter;
import gradlab.tensor.autograd.Function;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Lets gradcheck's command line check a part 2 op class by its name, at the shapes given with {@code --shape}:
 * <pre>
 *   ./mvnw -q -pl part2-tensor-autograd -am test-compile exec:java@gradcheck \
 *       -Dexec.args="gradlab.tensor.ops.Mul --shape 2,3 --shape 3"
 * </pre>
 * Registered in META-INF/services/gradlab.gradcheck.cli.OpAdapter. The op needs a public no-argument constructor;
 * a fresh instance is applied at every evaluation (an op instance is used once).
 */
public final class FunctionAdapter implements OpAdapter {

    @Override
    public String describe() {
        return "part 2 ops (subclasses of " + Function.class.getName() + " with a public no-argument constructor,"
                + " one --shape per input)";
    }

    @Override
    public Adapted adapt(Class<?> type, int[][] shapes) {
        if (!Function.class.isAssignableFrom(type)) {
            return null;
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is abstract; name a concrete op, e.g."
                    + " gradlab.tensor.ops.Mul");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no public no-argument constructor (an op"
                    + " such as Sum takes its dims); check it from a test instead: GradCheck.assertCorrect("
                    + "TensorGradCheck.of(in -> in[0].sum(1), new int[] {2, 3}), Input.uniform(\"x\", ...))");
        }
        if (shapes.length == 0) {
            throw new IllegalArgumentException(type.getSimpleName() + " is a tensor op: give one --shape per input,"
                    + " e.g. --shape 2,3 --shape 3 for a binary op");
        }
        newOp(constructor); // fails now, with the reason, if the constructor cannot run
        TensorFunction f = in -> newOp(constructor).apply(in);
        return new Adapted(TensorGradCheck.of(f, shapes), shapes);
    }

    private static Function newOp(Constructor<?> constructor) {
        try {
            return (Function) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of " + constructor.getDeclaringClass().getName()
                    + " failed: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + constructor.getDeclaringClass().getName() + ": " + e);
        }
    }
}
