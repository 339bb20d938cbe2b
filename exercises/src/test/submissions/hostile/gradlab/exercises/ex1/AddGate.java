package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;

/** Crafted submission: backward never returns (an infinite loop that ignores interrupts). */
public final class AddGate extends BinaryGate {
    static volatile long spins;

    @Override
    protected double compute(double x, double y) {
        return x + y;
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        while (true) {
            spins++;
        }
    }
}
