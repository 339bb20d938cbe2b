package gradlab.tensor.autograd;

/**
 * Whether ops record history right now (per thread, as in PyTorch). On by default; {@link NoGrad} turns it off for a
 * block, and backward turns it off while computing gradients unless {@code createGraph} is set.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    public static void setEnabled(boolean enabled) {
        ENABLED.set(enabled);
    }
}
