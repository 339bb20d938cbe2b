package gradlab.scalar.check;

import gradlab.gradcheck.cli.OpAdapter;
import gradlab.scalar.gate.Gate;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Lets gradcheck's command line check a part 1 gate by its class name, at scalar inputs:
 * <pre>
 *   ./mvnw -q -pl part1-scalar-autograd -am test-compile exec:java@gradcheck -Dexec.args="gradlab.scalar.gate.TanhGate"
 * </pre>
 * Registered in META-INF/services/gradlab.gradcheck.cli.OpAdapter. The gate needs a public no-argument
 * constructor; without {@code --shape} it gets one scalar per input.
 */
public final class GateAdapter implements OpAdapter {

    @Override
    public String describe() {
        return "part 1 gates (classes implementing " + Gate.class.getName() + ", with a public no-argument"
                + " constructor)";
    }

    @Override
    public Adapted adapt(Class<?> type, int[][] shapes) {
        if (!Gate.class.isAssignableFrom(type)) {
            return null;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is abstract; name a concrete gate, e.g."
                    + " gradlab.scalar.gate.TanhGate");
        }
        Gate gate;
        try {
            gate = (Gate) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no public no-argument constructor (a gate"
                    + " such as PowGate takes a parameter); check it from a test instead:"
                    + " GradCheck.assertCorrect(new GateFunction(new PowGate(3)), Input.scalar(\"x\", 0.5))");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of " + type.getName() + " failed: "
                    + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + type.getName() + ": " + e);
        }
        int arity = gate.arity();
        String usage = type.getSimpleName() + " takes " + arity + " scalar input(s): give --shape scalar " + arity
                + " time(s), or no --shape";
        if (shapes.length != 0 && shapes.length != arity) {
            throw new IllegalArgumentException(usage + " (got " + shapes.length + " --shape)");
        }
        for (int[] shape : shapes) {
            if (shape.length != 0) {
                throw new IllegalArgumentException(usage + " (a gate works on single numbers)");
            }
        }
        return new Adapted(new GateFunction(gate), new int[arity][0]);
    }
}
