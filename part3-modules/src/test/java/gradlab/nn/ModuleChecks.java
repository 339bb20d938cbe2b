package gradlab.nn;

import gradlab.gradcheck.Input;
import gradlab.nn.check.ModuleGradCheck;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;

/** Seeded module gradchecks for the layer tests: {@link ModuleGradCheck} with the seed in the failure message. */
final class ModuleChecks {
    private ModuleChecks() {
    }

    /** Gradchecks module w.r.t. its input (laid out as {@code layout}) and every parameter that requires grad. */
    static void gradcheck(long seed, Layout layout, Module module, Input x) {
        try {
            ModuleGradCheck.of(module).layout(layout).assertCorrect(Tensor.of(x.shape(), x.values()));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", layout " + layout + ": " + e.getMessage(), e);
        }
    }

    /** Second derivatives w.r.t. the input and parameters. */
    static void gradgradcheck(long seed, Layout layout, Module module, Input x) {
        try {
            ModuleGradCheck.of(module).layout(layout).assertGradGradCorrect(Tensor.of(x.shape(), x.values()));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", layout " + layout + " (gradgrad): " + e.getMessage(), e);
        }
    }
}
