package gradlab.exercises.ex1;

import gradlab.scalar.gate.UnaryGate;

/** Crafted submission: backward ends the JVM with System.exit(1). */
public final class SigmoidGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        System.exit(1);
        return 0;
    }
}
