package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;
import java.util.ArrayList;
import java.util.List;

/** Crafted submission: backward asks for 2 GB at once, more than the test JVM's heap (OutOfMemoryError). */
public final class MaxGate extends BinaryGate {
    static final List<long[]> HOARD = new ArrayList<>();

    @Override
    protected double compute(double x, double y) {
        return Math.max(x, y);
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        HOARD.add(new long[1 << 28]);
        return new double[] {dz, 0};
    }
}
