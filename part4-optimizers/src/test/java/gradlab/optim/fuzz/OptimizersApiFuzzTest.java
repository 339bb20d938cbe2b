package gradlab.optim.fuzz;

import static gradlab.testkit.ApiFuzz.badProbability;
import static gradlab.testkit.ApiFuzz.badSize;
import static gradlab.testkit.ApiFuzz.negativeOrNonFinite;
import static gradlab.testkit.ApiFuzz.nonFinite;
import static gradlab.testkit.ApiFuzz.oneOf;

import gradlab.tensor.testing.TensorSnapshots;
import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.optim.Adagrad;
import gradlab.optim.Adam;
import gradlab.optim.AdamW;
import gradlab.optim.GradClipping;
import gradlab.optim.Optimizer;
import gradlab.optim.OptimizerStateDict;
import gradlab.optim.ParamGroup;
import gradlab.optim.RMSprop;
import gradlab.optim.SGD;
import gradlab.optim.io.Checkpoint;
import gradlab.optim.io.OptimizerStateFile;
import gradlab.optim.lr.CosineAnnealingLR;
import gradlab.optim.lr.ExponentialLR;
import gradlab.optim.lr.LinearLR;
import gradlab.optim.lr.MultiStepLR;
import gradlab.optim.lr.ReduceLROnPlateau;
import gradlab.optim.lr.StepLR;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 4's public API under seeded bad arguments (see part 3's {@link ApiFuzz}): every refusal is a documented
 * exception naming the argument, and leaves the parameters, their grads and the optimizer's options and state as
 * they were.
 */
class OptimizersApiFuzzTest {
    static final long SEED = 14_2026L;
    static final int CASES = 1600;
    private static final String[] KINDS = {"SGD", "Adam", "AdamW", "RMSprop", "Adagrad"};

    @TempDir
    static Path dir;

    /** Two parameters, of shapes [2, 2] and [3, 2], with random values and gradients. */
    private static List<Tensor> params(Random r) {
        Generator g = new Generator(r.nextLong());
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Tensor p = Tensor.rand(g, 2 + i, 2).requiresGrad(true);
            p.mul(p).sum().backward();
            ps.add(p);
        }
        return ps;
    }

    private static Optimizer optimizer(String kind, List<Tensor> ps) {
        return switch (kind) {
            case "SGD" -> new SGD(ps, SGD.options(0.1).momentum(0.9));
            case "Adam" -> new Adam(ps, Adam.options().lr(0.01).amsgrad(true));
            case "AdamW" -> new AdamW(ps, 0.01);
            case "RMSprop" -> new RMSprop(ps, RMSprop.options().lr(0.01).centered(true).momentum(0.5));
            default -> new Adagrad(ps, 0.1);
        };
    }

    /** An optimizer that has taken a step (so it has state) over fresh parameters. */
    private static Optimizer stepped(Random r, List<Tensor> ps) {
        Optimizer o = optimizer(oneOf(r, KINDS), ps);
        o.step();
        return o;
    }

    /** Every parameter of a model (and its grad), exactly. */
    static String snapshot(Module model) {
        StringBuilder sb = new StringBuilder();
        model.namedParameters().forEach((k, v) -> sb.append(k).append('=').append(TensorSnapshots.of(v)).append("; "));
        return sb.toString();
    }

    /** Options, every parameter and grad, and the state, exactly. */
    static String snapshot(Optimizer o, List<Tensor> ps) {
        StringBuilder sb = new StringBuilder();
        for (ParamGroup g : o.paramGroups()) {
            sb.append(g.options()).append("; ");
        }
        for (Tensor p : ps) {
            sb.append(TensorSnapshots.of(p)).append("; ");
        }
        OptimizerStateDict d = o.stateDict();
        d.state().forEach((i, s) -> s.forEach((k, v) -> sb.append(i).append('.').append(k).append('=')
                .append(TensorSnapshots.of(v)).append("; ")));
        return sb.toString();
    }

    private static Supplier<String> state(Optimizer o, List<Tensor> ps) {
        return () -> snapshot(o, ps);
    }

    private static String optionFor(String kind, Random r) {
        List<String> names = new ArrayList<>(List.of("lr", "eps", "weightDecay"));
        switch (kind) {
            case "SGD" -> {
                names.remove("eps");
                names.add("momentum");
            }
            case "Adam", "AdamW" -> names.addAll(List.of("beta1", "beta2"));
            case "RMSprop" -> names.addAll(List.of("alpha", "momentum"));
            default -> names.addAll(List.of("lrDecay", "initialAccumulatorValue"));
        }
        return names.get(r.nextInt(names.size()));
    }

    private static double badValueFor(String option, Random r) {
        return option.startsWith("beta") ? badProbability(r) + (r.nextBoolean() ? 0 : 0) : negativeOrNonFinite(r);
    }

    static Map<String, Function<Random, Case>> generators() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("new Optimizer(bad option)", r -> {
            String kind = oneOf(r, KINDS);
            String option = optionFor(kind, r);
            double value = option.startsWith("beta") && r.nextBoolean() ? 1.0 : badValueFor(option, r);
            List<Tensor> ps = params(r);
            ParamGroup group = new ParamGroup(ps).set(option, value);
            Optimizer probe = optimizer(kind, params(r));
            return Case.on(() -> TensorSnapshots.of(ps.get(0)) + group.options(), kind + " with " + option + " = "
                    + value, () -> {
                        switch (kind) {
                            case "SGD" -> SGD.ofGroups(List.of(group), SGD.options(0.1));
                            case "Adam" -> Adam.ofGroups(List.of(group), Adam.options());
                            case "AdamW" -> AdamW.ofGroups(List.of(group), AdamW.options());
                            case "RMSprop" -> RMSprop.ofGroups(List.of(group), RMSprop.options());
                            default -> Adagrad.ofGroups(List.of(group), Adagrad.options());
                        }
                    }, "invalid " + option + " " + value, probe.name() + ": invalid " + option);
        });
        g.put("new Optimizer(bad params)", r -> {
            String kind = oneOf(r, KINDS);
            int which = r.nextInt(4);
            List<Tensor> bad = switch (which) {
                case 0 -> null;
                case 1 -> List.of();
                case 2 -> Arrays.asList(Tensor.zeros(2).requiresGrad(true), null);
                default -> List.of(Tensor.zeros(2).requiresGrad(true).mul(2));      // not a leaf
            };
            return Case.of(kind + " over " + (bad == null ? "null" : bad.size() + " tensors #" + which),
                    () -> optimizer(kind, bad), "parameter list", "parameter 1 is null", "not a leaf");
        });
        g.put("ParamGroup.set(bad value) after construction", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = stepped(r, ps);
            String kind = o.name();
            String option = r.nextInt(6) == 0 ? "noSuchOption" + r.nextInt(9) : optionFor(kind, r);
            double value = badValueFor(option, r);
            ParamGroup group = o.paramGroups().get(0);
            boolean viaSetLr = option.equals("lr") && r.nextBoolean();
            return Case.on(state(o, ps), kind + "." + (viaSetLr ? "setLr(" : "set(\"" + option + "\", ") + value
                    + ")", () -> {
                        if (viaSetLr) {
                            group.setLr(value);
                        } else {
                            group.set(option, value);
                        }
                    }, "invalid " + option + " " + value, "cannot set option '" + option + "'");
        });
        g.put("loadStateDict(corrupted dict)", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = stepped(r, ps);
            OptimizerStateDict good = o.stateDict();
            Map<Integer, Map<String, Tensor>> state = new HashMap<>();
            good.state().forEach((k, v) -> state.put(k, new LinkedHashMap<>(v)));
            List<Map<String, Object>> groups = new ArrayList<>();
            good.paramGroups().forEach(m -> groups.add(new LinkedHashMap<>(m)));
            int kind = r.nextInt(7);
            String mention;
            String mentionAlso = "(none)";
            switch (kind) {
                case 0 -> {
                    Map<String, Tensor> s0 = state.get(0);
                    String key = s0.keySet().stream().filter(k -> !k.equals("step")).findFirst().orElseThrow();
                    s0.put(key, Tensor.zeros(7, 7));
                    mention = "state '" + key + "' of parameter 0 has shape [7, 7]";
                }
                case 1 -> {
                    groups.add(new LinkedHashMap<>(groups.get(0)));
                    mention = "has 2 param groups";
                }
                case 2 -> {
                    groups.get(0).put("params", List.of(1, 0));
                    mention = "lists parameters [1, 0]";
                }
                case 3 -> {
                    groups.get(0).put("lr", oneOf(r, "0.1", true, Double.NaN, -1.0));
                    mention = "'lr'";
                    mentionAlso = "invalid lr";
                }
                case 4 -> {
                    groups.get(0).remove("lr");
                    mention = "lacks option 'lr'";
                }
                case 5 -> {
                    state.put(5 + r.nextInt(5), Map.of("step", Tensor.scalar(1)));
                    mention = "state for parameter";
                }
                default -> {
                    mention = "the state dict is null";
                }
            }
            OptimizerStateDict bad = kind == 6 ? null : new OptimizerStateDict(state, groups);
            return Case.on(state(o, ps), o.name() + " corruption #" + kind, () -> o.loadStateDict(bad), mention,
                    mentionAlso);
        });
        g.put("step(closure) returning null or a vector", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = stepped(r, ps);
            int kind = r.nextInt(3);
            return Case.on(state(o, ps), o.name() + ".step(closure #" + kind + ")", () -> o.step(
                    kind == 0 ? null : () -> kind == 1 ? null : Tensor.zeros(2)), "closure is null",
                    "closure returned null", "closure returned a tensor of shape [2]");
        });
        g.put("GradClipping(bad)", r -> {
            List<Tensor> ps = params(r);
            Supplier<String> st = () -> TensorSnapshots.of(ps.get(0)) + TensorSnapshots.of(ps.get(1));
            int kind = r.nextInt(5);
            double bad = negativeOrNonFinite(r);
            return switch (kind) {
                case 0 -> Case.on(st, "clipGradNorm(maxNorm " + bad + ")", () -> GradClipping.clipGradNorm(ps,
                        bad == Double.POSITIVE_INFINITY ? -1 : bad), "maxNorm");
                case 1 -> Case.on(st, "clipGradNorm(normType " + bad + ")", () -> GradClipping.clipGradNorm(ps,
                        1.0, Double.isNaN(bad) || bad < 0 ? bad : -bad), "normType");
                case 2 -> Case.on(st, "clipGradValue(" + bad + ")", () -> GradClipping.clipGradValue(ps,
                        bad == Double.POSITIVE_INFINITY ? Double.NaN : bad), "clipValue");
                case 3 -> Case.on(st, "clipGradNorm(null)", () -> GradClipping.clipGradNorm(null, 1.0), "params");
                default -> Case.on(st, "clipGradValue(list with null)", () -> GradClipping.clipGradValue(
                        Arrays.asList(ps.get(0), null), 1.0), "params", "null");
            };
        });
        g.put("new Scheduler(bad)", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = optimizer(oneOf(r, KINDS), ps);
            int kind = r.nextInt(8);
            int size = badSize(r);
            double bad = negativeOrNonFinite(r);
            return switch (kind) {
                case 0 -> Case.on(state(o, ps), "StepLR(stepSize " + size + ")", () -> new StepLR(o, size),
                        "stepSize");
                case 1 -> Case.on(state(o, ps), "StepLR(gamma " + bad + ")", () -> new StepLR(o, 3, bad), "gamma");
                case 2 -> Case.on(state(o, ps), "ExponentialLR(gamma " + bad + ")", () -> new ExponentialLR(o,
                        bad), "gamma");
                case 3 -> Case.on(state(o, ps), "MultiStepLR(bad milestones)", () -> new MultiStepLR(o,
                        r.nextBoolean() ? null : Arrays.asList(3, null, -r.nextInt(4) - 1), 0.1), "milestones");
                case 4 -> Case.on(state(o, ps), "CosineAnnealingLR(tMax " + size + ")",
                        () -> new CosineAnnealingLR(o, size), "tMax");
                case 5 -> Case.on(state(o, ps), "LinearLR(startFactor " + bad + ")", () -> new LinearLR(o, bad,
                        1.0, 5), "startFactor");
                case 6 -> Case.on(state(o, ps), "ReduceLROnPlateau(factor " + bad + ")",
                        () -> new ReduceLROnPlateau(o, ReduceLROnPlateau.options().factor(
                                bad == Double.NEGATIVE_INFINITY ? 1.5 : bad)), "factor");
                default -> Case.of("StepLR(null)", () -> new StepLR(null, 3), "optimizer is null");
            };
        });
        g.put("Scheduler.loadStateDict(garbage)", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = optimizer(oneOf(r, KINDS), ps);
            StepLR s = new StepLR(o, 2);
            Map<String, Object> d = new HashMap<>(s.stateDict());
            String key = oneOf(r, "scheduler", "lastEpoch", "stepCount", "baseLrs", "lastLr");
            Object value = oneOf(r, null, "x", 1.5, List.of(), List.of("a", "b"), Map.of());
            d.put(key, value);
            Supplier<String> st = () -> snapshot(o, ps) + s.stateDict();
            return Case.on(st, "StepLR.loadStateDict(" + key + " = " + value + ")", () -> s.loadStateDict(d), key);
        });
        g.put("OptimizerStateFile/Checkpoint.load(corrupted)", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = stepped(r, ps);
            Linear model = new Linear(2, 2, true, new Random(1));
            long fileSeed = r.nextLong();
            boolean checkpoint = r.nextBoolean();
            Supplier<String> st = () -> snapshot(o, ps) + snapshot(model);
            return Case.on(st, (checkpoint ? "Checkpoint" : "OptimizerStateFile") + " corrupted " + fileSeed, () -> {
                Random fr = new Random(fileSeed);
                Path f = dir.resolve("f" + fileSeed + ".safetensors");
                byte[] bytes = savedBytes(checkpoint, o, model);
                int position = fr.nextInt(bytes.length);
                bytes[position] ^= (byte) (1 + fr.nextInt(255));
                Files.write(f, bytes);
                if (checkpoint) {
                    Checkpoint.load(f, model, o, List.of());
                } else {
                    OptimizerStateFile.load(f, o);
                }
            }, dir.toString(), "holds the state of optimizer", "param group", "state '", "parameter");
        });
        g.put("Checkpoint.load(mismatched objects)", r -> {
            List<Tensor> ps = params(r);
            Optimizer o = stepped(r, ps);
            Linear model = new Linear(2, 2, true, new Random(1));
            Path f = dir.resolve("ck" + r.nextLong() + ".safetensors");
            int kind = r.nextInt(3);
            Supplier<String> st = () -> snapshot(o, ps) + snapshot(model);
            return Case.on(st, "Checkpoint.load #" + kind, () -> {
                Files.write(f, savedBytes(true, o, new Linear(2, 2, true, new Random(1))));
                switch (kind) {
                    case 0 -> Checkpoint.load(f, new Linear(3, 2, true, new Random(3)), o, List.of());
                    case 1 -> Checkpoint.load(f, model, optimizer(o.name().equals("SGD") ? "Adam" : "SGD",
                            ps), List.of());
                    default -> Checkpoint.load(f, model, o, List.of(new StepLR(optimizer(o.name(), params(r)), 2)));
                }
            }, "size mismatch", "holds the state of optimizer", "scheduler states");
        });
        return g;
    }

    private static final Map<String, byte[]> SAVED = new HashMap<>();

    /**
     * The bytes of a checkpoint or optimizer state file of this optimizer kind, saved once per kind (saving forces
     * the file to disk, too slow to repeat per case).
     */
    private static synchronized byte[] savedBytes(boolean checkpoint, Optimizer o, Linear model) {
        String key = checkpoint + o.name();
        try {
            if (!SAVED.containsKey(key)) {
                Path f = dir.resolve("saved" + SAVED.size() + ".safetensors");
                if (checkpoint) {
                    Checkpoint.save(f, model, o, List.of(), new Checkpoint.Progress(26638, 100));
                } else {
                    OptimizerStateFile.save(f, o);
                }
                SAVED.put(key, Files.readAllBytes(f));
            }
            return SAVED.get(key).clone();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> badArgumentsAreRefusedClearlyAndChangeNothing() {
        return ApiFuzz.tests(SEED, CASES, generators());
    }
}
