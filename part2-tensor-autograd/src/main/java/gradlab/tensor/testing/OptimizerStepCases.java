package gradlab.tensor.testing;

import gradlab.tensor.DType;
import gradlab.tensor.Kernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.AdagradStep;
import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.RmspropStep;
import gradlab.tensor.device.SgdStep;
import gradlab.tensor.device.Strided;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded cases for the fused optimizer updates of {@link Device} ({@link Device#sgdStep}, {@link Device#adamStep},
 * {@link Device#rmspropStep}, {@link Device#adagradStep}), for every device's tests: every combination of options
 * (momentum, dampening, Nesterov, weight decay, maximize, first step; Adam/AdamW, amsgrad, the step number;
 * centered, momentum; lrDecay), in each dtype, at sizes 1, 129 (not a multiple of a work group) and one seeded
 * random size.
 *
 * <p>{@link #runFused} runs a case through a device's entry point; {@link #runComposite} runs the same update the
 * way part 4's optimizers wrote it before the kernels existed, op by op with tensor ops on that device (the formula
 * of each options record). The two must agree to the last bit on the reference and CPU devices.
 */
public final class OptimizerStepCases {
    private OptimizerStepCases() {
    }

    /** One case: the update (its options record: {@link SgdStep}, {@link AdamStep}, ...), dtype, size and seed. */
    public record Case(Record options, DType dtype, int n, long seed) {
        /** E.g. "adamStep FLOAT32 n=129 seed=7 (lr=0.001, ..., amsgrad=true, ...)". */
        public String name() {
            String kind = options.getClass().getSimpleName();
            String op = Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
            String opts = options.toString();
            return op + " " + dtype + " n=" + n + " seed=" + seed + " (" + opts.substring(opts.indexOf('[') + 1,
                    opts.length() - 1) + ")";
        }
    }

    /** The SGD option combinations (Nesterov only with momentum and no dampening, as SGD allows). */
    public static List<SgdStep> sgdOptions() {
        List<SgdStep> all = new ArrayList<>();
        for (double momentum : new double[] {0, 0.9}) {
            for (double dampening : momentum == 0 ? new double[] {0} : new double[] {0, 0.1}) {
                for (boolean nesterov : momentum != 0 && dampening == 0 ? new boolean[] {false, true}
                        : new boolean[] {false}) {
                    for (double wd : new double[] {0, 0.01}) {
                        for (boolean maximize : new boolean[] {false, true}) {
                            for (boolean first : momentum == 0 ? new boolean[] {false} : new boolean[] {true, false}) {
                                all.add(new SgdStep(0.1, momentum, dampening, wd, nesterov, maximize, first));
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    /** The Adam and AdamW option combinations, at the first step and a later one. */
    public static List<AdamStep> adamOptions() {
        List<AdamStep> all = new ArrayList<>();
        for (boolean decoupled : new boolean[] {false, true}) {
            for (double wd : new double[] {0, 0.01}) {
                for (boolean amsgrad : new boolean[] {false, true}) {
                    for (boolean maximize : new boolean[] {false, true}) {
                        for (double step : new double[] {1, 7}) {
                            all.add(new AdamStep(1e-3, 0.9, 0.999, 1e-8, wd, decoupled, amsgrad, maximize, step));
                        }
                    }
                }
            }
        }
        return all;
    }

    /** The RMSprop option combinations. */
    public static List<RmspropStep> rmspropOptions() {
        List<RmspropStep> all = new ArrayList<>();
        for (double wd : new double[] {0, 0.01}) {
            for (double momentum : new double[] {0, 0.9}) {
                for (boolean centered : new boolean[] {false, true}) {
                    for (boolean maximize : new boolean[] {false, true}) {
                        all.add(new RmspropStep(0.01, 0.99, 1e-8, wd, momentum, centered, maximize));
                    }
                }
            }
        }
        return all;
    }

    /** The Adagrad option combinations, at the first step and a later one. */
    public static List<AdagradStep> adagradOptions() {
        List<AdagradStep> all = new ArrayList<>();
        for (double wd : new double[] {0, 0.01}) {
            for (double lrDecay : new double[] {0, 0.1}) {
                for (boolean maximize : new boolean[] {false, true}) {
                    for (double step : new double[] {1, 5}) {
                        all.add(new AdagradStep(0.01, lrDecay, wd, 1e-10, maximize, step));
                    }
                }
            }
        }
        return all;
    }

    /** Every option combination of every update, in each dtype, at sizes 1, 129 and a seeded size in [2, 300]. */
    public static List<Case> cases(List<DType> dtypes, long seed) {
        List<Record> options = new ArrayList<>();
        options.addAll(sgdOptions());
        options.addAll(adamOptions());
        options.addAll(rmspropOptions());
        options.addAll(adagradOptions());
        Random sizes = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (Record o : options) {
            for (DType dtype : dtypes) {
                int[] ns = {1, 129, 2 + sizes.nextInt(299)};
                for (int n : ns) {
                    cases.add(new Case(o, dtype, n, seed + cases.size()));
                }
            }
        }
        return cases;
    }

    /** The operands of a case before the step, by name (param, grad, then the buffers the options use), seeded. */
    public static Map<String, double[]> initial(Case c) {
        Random r = new Random(c.seed());
        Map<String, double[]> v = new LinkedHashMap<>();
        v.put("param", uniform(r, c.n(), -1, 1));
        v.put("grad", uniform(r, c.n(), -1, 1));
        if (c.options() instanceof SgdStep s) {
            if (s.usesMomentum()) {
                v.put("momentum_buffer", uniform(r, c.n(), -0.5, 0.5));
            }
        } else if (c.options() instanceof AdamStep a) {
            v.put("exp_avg", uniform(r, c.n(), -0.1, 0.1));
            v.put("exp_avg_sq", uniform(r, c.n(), 0, 0.01));
            if (a.amsgrad()) {
                v.put("max_exp_avg_sq", uniform(r, c.n(), 0, 0.01));
            }
        } else if (c.options() instanceof RmspropStep s) {
            v.put("square_avg", uniform(r, c.n(), 0.01, 0.02)); // > grad_avg^2, so s - a^2 stays positive
            if (s.centered()) {
                v.put("grad_avg", uniform(r, c.n(), -0.05, 0.05));
            }
            if (s.usesMomentum()) {
                v.put("momentum_buffer", uniform(r, c.n(), -0.5, 0.5));
            }
        } else {
            v.put("sum", uniform(r, c.n(), 0, 1));
        }
        return v;
    }

    /** Runs the case through {@code device}'s fused entry point; every operand afterwards, by name. */
    public static Map<String, double[]> runFused(Case c, Device device) {
        Map<String, Strided> s = new LinkedHashMap<>();
        initial(c).forEach((name, values) -> s.put(name, new Strided(device.fromDoubles(c.dtype(), values),
                new int[] {c.n()}, new int[] {1}, 0)));
        Strided w = s.get("param");
        Strided g = s.get("grad");
        if (c.options() instanceof SgdStep o) {
            device.sgdStep(o, w, g, s.get("momentum_buffer"));
        } else if (c.options() instanceof AdamStep o) {
            device.adamStep(o, w, g, s.get("exp_avg"), s.get("exp_avg_sq"), s.get("max_exp_avg_sq"));
        } else if (c.options() instanceof RmspropStep o) {
            device.rmspropStep(o, w, g, s.get("square_avg"), s.get("grad_avg"), s.get("momentum_buffer"));
        } else {
            device.adagradStep((AdagradStep) c.options(), w, g, s.get("sum"));
        }
        Map<String, double[]> after = new LinkedHashMap<>();
        s.forEach((name, t) -> after.put(name, device.toDoubles(t)));
        return after;
    }

    /**
     * Runs the case on {@code device} op by op with tensor ops, as part 4's optimizers did before the fused kernels
     * (each op rounds to the dtype); every operand afterwards, by name.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static Map<String, double[]> runComposite(Case c, Device device) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        initial(c).forEach((name, values) -> t.put(name, Kernels.fromDoubles(device, c.dtype(), new int[] {c.n()},
                values)));
        try (var noGrad = Tensor.noGrad()) {
            if (c.options() instanceof SgdStep o) {
                compositeSgd(o, t);
            } else if (c.options() instanceof AdamStep o) {
                compositeAdam(o, t);
            } else if (c.options() instanceof RmspropStep o) {
                compositeRmsprop(o, t);
            } else {
                compositeAdagrad((AdagradStep) c.options(), t);
            }
        }
        Map<String, double[]> after = new LinkedHashMap<>();
        t.forEach((name, x) -> after.put(name, x.toDoubleArray()));
        return after;
    }

    private static void compositeSgd(SgdStep o, Map<String, Tensor> t) {
        Tensor w = t.get("param");
        Tensor g = o.maximize() ? t.get("grad").neg() : t.get("grad");
        if (o.weightDecay() != 0) {
            g = g.add(w.mul(o.weightDecay()));
        }
        if (o.usesMomentum()) {
            Tensor v = t.get("momentum_buffer");
            if (o.firstStep()) {
                v.copyFrom(g);
            } else {
                v.mulInPlace(o.momentum()).addInPlace(g.mul(1 - o.dampening()));
            }
            g = o.nesterov() ? g.add(v.mul(o.momentum())) : v;
        }
        w.addInPlace(g.mul(-o.lr()));
    }

    private static void compositeAdam(AdamStep o, Map<String, Tensor> t) {
        Tensor w = t.get("param");
        Tensor g = o.maximize() ? t.get("grad").neg() : t.get("grad");
        if (o.decoupled()) {
            w.mulInPlace(1 - o.lr() * o.weightDecay());
        } else if (o.weightDecay() != 0) {
            g = g.add(w.mul(o.weightDecay()));
        }
        Tensor m = t.get("exp_avg");
        Tensor v = t.get("exp_avg_sq");
        m.mulInPlace(o.beta1()).addInPlace(g.mul(1 - o.beta1()));
        v.mulInPlace(o.beta2()).addInPlace(g.mul(1 - o.beta2()).mul(g));
        double stepSize = o.lr() / (1 - Math.pow(o.beta1(), o.step()));
        double biasCorrection2 = 1 - Math.pow(o.beta2(), o.step());
        Tensor second = v;
        if (o.amsgrad()) {
            Tensor vmax = t.get("max_exp_avg_sq");
            vmax.copyFrom(vmax.maximum(v));
            second = vmax;
        }
        Tensor denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(o.eps());
        w.addInPlace(m.mul(-stepSize).div(denom));
    }

    private static void compositeRmsprop(RmspropStep o, Map<String, Tensor> t) {
        Tensor w = t.get("param");
        Tensor g = o.maximize() ? t.get("grad").neg() : t.get("grad");
        if (o.weightDecay() != 0) {
            g = g.add(w.mul(o.weightDecay()));
        }
        Tensor s = t.get("square_avg");
        s.mulInPlace(o.alpha()).addInPlace(g.mul(1 - o.alpha()).mul(g));
        Tensor d;
        if (o.centered()) {
            Tensor a = t.get("grad_avg");
            a.mulInPlace(o.alpha()).addInPlace(g.mul(1 - o.alpha()));
            d = s.add(a.mul(-1).mul(a)).sqrt().add(o.eps());
        } else {
            d = s.sqrt().add(o.eps());
        }
        if (o.usesMomentum()) {
            Tensor b = t.get("momentum_buffer");
            b.mulInPlace(o.momentum()).addInPlace(g.div(d));
            w.addInPlace(b.mul(-o.lr()));
        } else {
            w.addInPlace(g.mul(-o.lr()).div(d));
        }
    }

    private static void compositeAdagrad(AdagradStep o, Map<String, Tensor> t) {
        Tensor w = t.get("param");
        Tensor g = o.maximize() ? t.get("grad").neg() : t.get("grad");
        if (o.weightDecay() != 0) {
            g = g.add(w.mul(o.weightDecay()));
        }
        double clr = o.lr() / (1 + (o.step() - 1) * o.lrDecay());
        Tensor s = t.get("sum");
        s.addInPlace(g.mul(g));
        Tensor std = s.sqrt().add(o.eps());
        w.addInPlace(g.mul(-clr).div(std));
    }

    private static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }
}
