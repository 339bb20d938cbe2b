package gradlab.exercises.ex1;

import gradlab.scalar.gate.BinaryGate;

/** Crafted submission: correct, but prints about 10 MB the first time backward runs. */
public final class MultiplyGate extends BinaryGate {
    private static boolean printed;

    @Override
    protected double compute(double x, double y) {
        return x * y;
    }

    @Override
    protected double[] gradients(double x, double y, double dz) {
        if (!printed) {
            printed = true;
            String line = "debug ".repeat(16);
            for (int i = 0; i < 110_000; i++) {
                System.out.println(line);
            }
        }
        return new double[] {y * dz, x * dz};
    }
}
