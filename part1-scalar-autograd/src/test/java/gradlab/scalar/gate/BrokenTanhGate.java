package gradlab.scalar.gate;

/**
 * TanhGate with a classic slip, dz/dx = 1 - z instead of 1 - z^2: what gradcheck's command line reports for a
 * broken gate (gradcheck's README shows the transcript; {@code GateAdapterTest} asserts it).
 */
public final class BrokenTanhGate extends UnaryGate {

    @Override
    protected double compute(double x) {
        return Math.tanh(x);
    }

    @Override
    protected double gradient(double x, double z, double dz) {
        return (1 - z) * dz;   // wrong: d tanh / dx = 1 - z^2
    }
}
