package gradlab.tensor;

import gradlab.tensor.autograd.GradMode;
import gradlab.tensor.device.AdagradStep;
import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.RmspropStep;
import gradlab.tensor.device.SgdStep;
import gradlab.tensor.device.Strided;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge from optimizers to the fused update kernels of {@link Device} ({@link Device#sgdStep},
 * {@link Device#adamStep}, {@link Device#rmspropStep}, {@link Device#adagradStep}): one kernel call updates a
 * parameter and its state buffers in place, in one pass and without temporaries.
 *
 * <p>Before any element is written it checks that every operand is on the parameter's device (the error names both
 * devices and {@code .to(device)}), has the parameter's dtype and shape, and that the parameter is not written while
 * autograd records (an optimizer steps under {@link Tensor#noGrad()}). Then it hands the device compact operands:
 * a tensor that is contiguous with offset 0 goes as it is (so the kernel writes the parameter's and the state's own
 * storage); any other is copied to a compact temporary, and a written one is copied back afterwards. Every written
 * storage gets a version bump, as an in-place op gives it.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {
    }

    /** One SGD step (see {@link SgdStep}); {@code momentumBuffer} is required when momentum != 0, else ignored. */
    public static void sgdStep(String optimizer, SgdStep step, Tensor param, Tensor grad, Tensor momentumBuffer) {
        Call call = new Call(optimizer, param, grad);
        Tensor v = call.state("momentum_buffer", momentumBuffer, step.usesMomentum(), "momentum != 0");
        call.checked();
        if (param.numel() > 0) {
            param.device().sgdStep(step, call.operand(param), call.operand(grad), call.operand(v));
        }
        call.finish();
    }

    /**
     * One Adam or AdamW step (see {@link AdamStep}); {@code maxExpAvgSq} is required with amsgrad, else ignored.
     */
    public static void adamStep(String optimizer, AdamStep step, Tensor param, Tensor grad, Tensor expAvg,
            Tensor expAvgSq, Tensor maxExpAvgSq) {
        Call call = new Call(optimizer, param, grad);
        Tensor m = call.state("exp_avg", expAvg, true, "Adam");
        Tensor v = call.state("exp_avg_sq", expAvgSq, true, "Adam");
        Tensor vmax = call.state("max_exp_avg_sq", maxExpAvgSq, step.amsgrad(), "amsgrad");
        call.checked();
        if (param.numel() > 0) {
            param.device().adamStep(step, call.operand(param), call.operand(grad), call.operand(m), call.operand(v),
                    call.operand(vmax));
        }
        call.finish();
    }

    /**
     * One RMSprop step (see {@link RmspropStep}); {@code gradAvg} is required when centered and
     * {@code momentumBuffer} when momentum &gt; 0, else they are ignored.
     */
    public static void rmspropStep(String optimizer, RmspropStep step, Tensor param, Tensor grad, Tensor squareAvg,
            Tensor gradAvg, Tensor momentumBuffer) {
        Call call = new Call(optimizer, param, grad);
        Tensor s = call.state("square_avg", squareAvg, true, "RMSprop");
        Tensor a = call.state("grad_avg", gradAvg, step.centered(), "centered");
        Tensor b = call.state("momentum_buffer", momentumBuffer, step.usesMomentum(), "momentum > 0");
        call.checked();
        if (param.numel() > 0) {
            param.device().rmspropStep(step, call.operand(param), call.operand(grad), call.operand(s),
                    call.operand(a), call.operand(b));
        }
        call.finish();
    }

    /** One Adagrad step (see {@link AdagradStep}). */
    public static void adagradStep(String optimizer, AdagradStep step, Tensor param, Tensor grad, Tensor sum) {
        Call call = new Call(optimizer, param, grad);
        Tensor s = call.state("sum", sum, true, "Adagrad");
        call.checked();
        if (param.numel() > 0) {
            param.device().adagradStep(step, call.operand(param), call.operand(grad), call.operand(s));
        }
        call.finish();
    }

    /** The operands of one fused update: checked, made compact, and written back. */
    /**
     * Throws unless {@code t} (the gradient or a state buffer, described by {@code what}) has the parameter's device,
     * dtype and shape. Every update checks its operands with it; {@code Optimizer.step()} also runs it on every
     * parameter before the first one moves, so a refused step changes nothing.
     */
    public static void checkLike(String op, Tensor param, String what, Tensor t) {
        Kernels.checkSameDevice(op, param, t);
        if (t.dtype() != param.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " is " + t.dtype() + " but the parameter is "
                    + param.dtype() + "; convert it with .to(DType." + param.dtype().name() + ") (after moving a model"
                    + " with to(dtype), move the optimizer state too: save and load its state dict)");
        }
        if (!Arrays.equals(t.shapeRaw(), param.shapeRaw())) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shapes.str(t.shapeRaw())
                    + " but the parameter has shape " + Shapes.str(param.shapeRaw()) + "; they must be equal");
        }
    }

    private static final class Call {
        private final String op;
        private final Tensor param;
        private final Tensor grad;
        private final List<Tensor> written = new ArrayList<>();
        private final Map<Tensor, Strided> compact = new IdentityHashMap<>();

        Call(String op, Tensor param, Tensor grad) {
            this.op = op;
            this.param = param;
            this.grad = grad;
            if (param == null || grad == null) {
                throw new IllegalArgumentException(op + ": the " + (param == null ? "parameter" : "gradient")
                        + " is null; pass a parameter and its gradient (p, p.grad())");
            }
            if (param.requiresGrad() && GradMode.isEnabled()) {
                throw new IllegalStateException(op + ": the parameter requires grad and grad mode is on, so it cannot"
                        + " be updated in place; run the update in try (var g = Tensor.noGrad()) { ... }, as"
                        + " Optimizer.step() does");
            }
            checkLike("the gradient", grad);
            written.add(param);
        }

        /** A state buffer: checked when {@code needed} (and then required), else left out (null). */
        Tensor state(String name, Tensor t, boolean needed, String option) {
            if (!needed) {
                return null;
            }
            if (t == null) {
                throw new IllegalArgumentException(op + ": state '" + name + "' is null, but " + option + " needs it;"
                        + " pass a tensor of the parameter's shape, dtype and device (Tensor.zerosLike(param))");
            }
            checkLike("state '" + name + "'", t);
            for (Tensor w : written) {
                if (w.storage() == t.storage()) {
                    throw new IllegalArgumentException(op + ": state '" + name + "' shares its storage with another"
                            + " tensor this update writes; give every state buffer its own tensor (clone())");
                }
            }
            written.add(t);
            return t;
        }

        private void checkLike(String what, Tensor t) {
            OptimizerKernels.checkLike(op, param, what, t);
        }

        /** All operands are checked: refuse expanded destinations, then line up the compact operands. */
        void checked() {
            for (Tensor w : written) {
                for (int d = 0; d < w.dim(); d++) {
                    if (w.stridesRaw()[d] == 0 && w.shapeRaw()[d] > 1) {
                        throw new IllegalArgumentException(op + ": more than one element of a tensor it writes refers"
                                + " to a single memory location (shape " + Shapes.str(w.shapeRaw()) + ", strides "
                                + Shapes.str(w.stridesRaw()) + ": an expanded tensor); clone() it first");
                    }
                }
            }
            for (Tensor w : written) {
                compact.put(w, isCompact(w) ? w.strided() : Kernels.copy(w, w.dtype()).strided());
            }
            boolean gradAliased = written.stream().anyMatch(w -> w.storage() == grad.storage());
            compact.put(grad, isCompact(grad) && !gradAliased ? grad.strided()
                    : Kernels.copy(grad, grad.dtype()).strided());
        }

        /** The compact form of an operand (null stays null). */
        Strided operand(Tensor t) {
            return t == null ? null : compact.get(t);
        }

        /** Copies temporaries back into their tensors and bumps every written storage's version. */
        void finish() {
            for (Tensor w : written) {
                Strided c = compact.get(w);
                if (c.storage() != w.storage()) {
                    w.device().copy(c, w.strided());
                }
                w.storage().bumpVersion(op);
            }
        }

        private static boolean isCompact(Tensor t) {
            return t.offset() == 0 && t.isContiguous();
        }
    }
}
