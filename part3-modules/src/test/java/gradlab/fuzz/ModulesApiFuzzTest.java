package gradlab.fuzz;

import static gradlab.testkit.ApiFuzz.badProbability;
import static gradlab.testkit.ApiFuzz.badSize;
import static gradlab.testkit.ApiFuzz.negativeOrNonFinite;
import static gradlab.testkit.ApiFuzz.nonFinite;
import static gradlab.testkit.ApiFuzz.oneOf;
import static gradlab.testkit.ApiFuzz.shape;

import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import gradlab.nn.BatchNorm1d;
import gradlab.nn.Dropout;
import gradlab.nn.Flatten;
import gradlab.nn.Identity;
import gradlab.nn.Init;
import gradlab.nn.LayerNorm;
import gradlab.nn.LeakyReLU;
import gradlab.nn.Linear;
import gradlab.nn.Module;
import gradlab.nn.ModuleList;
import gradlab.nn.Parameter;
import gradlab.nn.ReLU;
import gradlab.nn.Sequential;
import gradlab.nn.Softmax;
import gradlab.nn.check.ModuleGradCheck;
import gradlab.nn.io.SafeTensors;
import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.nn.loss.MSELoss;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 3's public API under seeded bad arguments (see {@link ApiFuzz}): every refusal is a documented exception
 * naming the argument, and leaves the module, its parameters, grads and buffers as they were.
 */
class ModulesApiFuzzTest {
    static final long SEED = 13_2026L;
    static final int CASES = 2000;

    @TempDir
    static Path dir;

    private static Linear linear(Random r) {
        Linear l = new Linear(1 + r.nextInt(4), 1 + r.nextInt(4), r.nextBoolean(), new Random(r.nextLong()));
        Tensor y = l.forward(Tensor.rand(new gradlab.tensor.Generator(r.nextLong()), 2, l.inFeatures()));
        y.sum().backward();                                        // give it grads: they must survive too
        return l;
    }

    /** An input whose last dim is not {@code in}: another size, a scalar, or a null. */
    private static Tensor badInput(Random r, int in) {
        int[] s = shape(r, 3, 5);
        if (s.length == 0 || r.nextInt(5) == 0) {
            return Tensor.scalar(r.nextGaussian());
        }
        s[s.length - 1] = s[s.length - 1] == in ? in + 1 : s[s.length - 1];
        return Tensor.zeros(s);
    }

    private static byte[] saved;

    /** The bytes of a small file saved once (saving forces the file to disk, too slow to repeat per case). */
    private static synchronized byte[] savedBytes() {
        try {
            if (saved == null) {
                Path f = dir.resolve("original.safetensors");
                Map<String, Tensor> t = new LinkedHashMap<>();
                t.put("w", Tensor.rand(new gradlab.tensor.Generator(SEED), 2, 3));
                t.put("b", Tensor.zeros(3).to(gradlab.tensor.DType.FLOAT32));
                SafeTensors.save(f, t, Map.of("epoch", "26638", "lr", "0.01"));
                saved = Files.readAllBytes(f);
            }
            return saved.clone();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Function<Random, Case>> generators() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("new Linear(bad sizes)", r -> {
            int in = r.nextBoolean() ? badSize(r) : 1 + r.nextInt(9);
            int out = in > 0 || r.nextBoolean() ? badSize(r) : 1 + r.nextInt(9);
            return Case.of("Linear(" + in + ", " + out + ")", () -> new Linear(in, out), "inFeatures", "outFeatures");
        });
        g.put("new Linear(huge)", r -> {
            int in = 50_000 + r.nextInt(1_000_000);
            int out = (int) Math.min(Integer.MAX_VALUE, (1L << 31) / in + 1 + r.nextInt(1000));
            return Case.of("Linear(" + in + ", " + out + ")", () -> new Linear(in, out), Integer.toString(in),
                    Integer.toString(out));
        });
        g.put("Linear.forward(wrong shape)", r -> {
            Linear l = linear(r);
            Tensor x = r.nextInt(8) == 0 ? null : badInput(r, l.inFeatures());
            return Case.on(() -> Snapshots.of(l), "x " + (x == null ? "null" : Shapes.str(x.shape())) + " into "
                    + l, () -> (r.nextBoolean() ? l.call(x) : l.forward(x)).sum(), "inFeatures", "input");
        });
        g.put("new Dropout(bad p)", r -> {
            double p = badProbability(r);
            return Case.of("Dropout(" + p + ")", () -> new Dropout(p), "p = " + p);
        });
        g.put("Dropout.forward(null)", r -> {
            Dropout d = new Dropout(0.5);
            return Case.on(() -> Snapshots.of(d), "null input", () -> d.forward(null), "input", "x is null");
        });
        g.put("Sequential/ModuleList.get(bad index)", r -> {
            int n = r.nextInt(4);
            Module[] ms = new Module[n];
            for (int i = 0; i < n; i++) {
                ms[i] = new Identity();
            }
            boolean list = r.nextBoolean();
            Module container = list ? new ModuleList(ms) : new Sequential(ms);
            int index = r.nextBoolean() ? n + r.nextInt(5) : -n - 1 - r.nextInt(5);
            return Case.on(() -> Snapshots.of(container), container.getClass().getSimpleName() + " of " + n
                    + ", get(" + index + ")", () -> {
                        if (list) {
                            ((ModuleList) container).get(index);
                        } else {
                            ((Sequential) container).get(index);
                        }
                    }, "index " + index);
        });
        g.put("new Sequential/ModuleList(null)", r -> {
            int kind = r.nextInt(4);
            return switch (kind) {
                case 0 -> Case.of("Sequential((Module[]) null)", () -> new Sequential((Module[]) null), "modules");
                case 1 -> Case.of("ModuleList((List) null)", () -> new ModuleList((java.util.List<Module>) null),
                        "modules");
                case 2 -> Case.of("Sequential(relu, null)", () -> new Sequential(new ReLU(), null), "'1' is null");
                default -> Case.of("ModuleList(null, relu)", () -> new ModuleList(null, new ReLU()), "'0' is null");
            };
        });
        g.put("register*(bad name or value)", r -> {
            Linear l = linear(r);
            String name = oneOf(r, null, "", "a.b", "weight", "bias.x");
            int what = r.nextInt(3);
            boolean nullValue = name != null && !name.isEmpty() && !name.contains(".") && r.nextBoolean();
            String shownName = name == null ? "null" : name;
            return Case.on(() -> Snapshots.of(l), "register#" + what + "('" + name + "', " + (nullValue ? "null"
                    : "a value") + ")", () -> {
                        switch (what) {
                            case 0 -> l.registerModule(nullValue ? "m" : name, nullValue ? null : new ReLU());
                            case 1 -> l.registerParameter(nullValue ? "p" : name,
                                    nullValue ? null : new Parameter(Tensor.zeros(2)));
                            default -> l.registerBuffer(nullValue ? "b" : name, nullValue ? null : Tensor.zeros(2));
                        }
                    }, "'" + shownName + "'", "'m'", "'p'", "'b'");
        });
        g.put("add(cycle)", r -> {
            Sequential outer = new Sequential(new Identity());
            ModuleList middle = new ModuleList();
            outer.add(middle);
            Sequential inner = new Sequential();
            middle.add(inner);
            Module target = oneOf(r, outer, middle, inner);
            Module into = target == outer ? oneOf(r, middle, inner) : inner;
            return Case.on(() -> Snapshots.of(outer), "add " + target.getClass().getSimpleName() + " into its own "
                    + "subtree", () -> {
                        if (into instanceof ModuleList ml) {
                            ml.add(target);
                        } else {
                            ((Sequential) into).add(target);
                        }
                    }, "cycle", "its own child", "would contain itself");
        });
        g.put("loadStateDict(bad)", r -> {
            Linear l = linear(r);
            Map<String, Tensor> state = new HashMap<>(l.stateDict());
            int kind = r.nextInt(4);
            String mention;
            switch (kind) {
                case 0 -> {
                    int[] s = l.weight().shape().clone();
                    s[r.nextInt(2)] += 1 + r.nextInt(3);
                    state.put("weight", Tensor.zeros(s));
                    mention = "size mismatch for weight";
                }
                case 1 -> {
                    state.remove("weight");
                    mention = "Missing key(s) in state dict: \"weight\"";
                }
                case 2 -> {
                    state.put("extra" + r.nextInt(9), Tensor.zeros(1));
                    mention = "Unexpected key(s)";
                }
                default -> {
                    state = null;
                    mention = "state is null";
                }
            }
            Map<String, Tensor> bad = state;
            return Case.on(() -> Snapshots.of(l), "load " + (bad == null ? null : bad.keySet()) + " #" + kind,
                    () -> l.loadStateDict(bad), mention);
        });
        g.put("new BatchNorm1d/LayerNorm(bad)", r -> {
            int kind = r.nextInt(4);
            int n = badSize(r);
            double eps = r.nextBoolean() ? nonFinite(r) : -r.nextDouble();
            double momentum = badProbability(r);
            return switch (kind) {
                case 0 -> Case.of("BatchNorm1d(" + n + ")", () -> new BatchNorm1d(n), "numFeatures");
                case 1 -> Case.of("BatchNorm1d(4, eps " + eps + ")", () -> new BatchNorm1d(4, eps, 0.1, true, true),
                        "eps");
                case 2 -> Case.of("BatchNorm1d(4, momentum " + momentum + ")",
                        () -> new BatchNorm1d(4, 1e-5, momentum, true, true), "momentum");
                default -> Case.of("LayerNorm(" + n + ")", () -> new LayerNorm(n), "normalizedShape");
            };
        });
        g.put("BatchNorm1d/LayerNorm.forward(wrong shape)", r -> {
            int c = 2 + r.nextInt(3);
            boolean batchNorm = r.nextBoolean();
            Module m = batchNorm ? new BatchNorm1d(c) : new LayerNorm(c);
            Tensor x;
            if (r.nextInt(6) == 0) {
                x = null;
            } else if (batchNorm) {                    // [N, C] or [N, C, L] with another C, or another rank
                int[] s = r.nextBoolean() ? new int[] {2, c + 1 + r.nextInt(2)} : shape(r, 4, 3);
                x = Tensor.zeros(s.length == 2 || s.length == 3 ? new int[] {2, c + 1} : s);
            } else {
                x = badInput(r, c);
            }
            return Case.on(() -> Snapshots.of(m), Arrays.toString(x == null ? null : x.shape()) + " into " + m,
                    () -> m.forward(x), "input", "expected", "normalizedShape", "numFeatures", "x is null");
        });
        g.put("Softmax/Flatten(bad dim).forward", r -> {
            int[] s = shape(r, 3, 4);
            int rank = Math.max(1, s.length);              // a scalar takes dim 0 and -1, as in PyTorch
            int dim = r.nextBoolean() ? rank + r.nextInt(3) : -rank - 1 - r.nextInt(3);
            Module m = r.nextBoolean() ? new Softmax(dim) : new Flatten(dim, r.nextBoolean() ? dim : 0);
            Tensor x = Tensor.zeros(s);
            return Case.on(() -> Snapshots.of(x), m + " of " + Shapes.str(s), () -> m.forward(x),
                    "dim " + dim, "dim=" + dim, "dim " + (dim), "startDim", "Dimension out of range");
        });
        g.put("new LeakyReLU(non-finite)", r -> {
            double slope = nonFinite(r);
            return Case.of("LeakyReLU(" + slope + ")", () -> new LeakyReLU(slope), "negativeSlope");
        });
        g.put("MSELoss/CrossEntropyLoss(bad target)", r -> {
            int n = 1 + r.nextInt(3);
            int c = 2 + r.nextInt(3);
            Tensor input = Tensor.zeros(n, c).requiresGrad(true);
            if (r.nextBoolean()) {
                Tensor target = r.nextInt(4) == 0 ? null : Tensor.zeros(n + 1, c + r.nextInt(2));
                return Case.on(() -> Snapshots.of(input), "MSELoss target "
                        + (target == null ? null : Shapes.str(target.shape())), () -> new MSELoss().forward(input,
                        target), "target", "shape");
            }
            double[] classes = new double[n];
            int bad = r.nextBoolean() ? c + r.nextInt(3) : -2 - r.nextInt(3);
            classes[r.nextInt(n)] = bad;
            Tensor target = Tensor.of(new int[] {n}, classes);
            return Case.on(() -> Snapshots.of(input), "CrossEntropyLoss class " + bad + " of " + c,
                    () -> new CrossEntropyLoss().forward(input, target), "target", Integer.toString(bad));
        });
        g.put("Init(bad arguments)", r -> {
            Tensor t = Tensor.zeros(1 + r.nextInt(3), 1 + r.nextInt(3));
            int kind = r.nextInt(4);
            double a = negativeOrNonFinite(r);
            return switch (kind) {
                case 0 -> Case.on(() -> Snapshots.of(t), "uniform(t, 1, " + a + ")", () -> Init.uniform(t, 1, a),
                        "low", "high");
                case 1 -> Case.on(() -> Snapshots.of(t), "normal(t, 0, " + a + ")", () -> Init.normal(t, 0, a),
                        "std");
                case 2 -> Case.of("kaimingUniform(1-D)", () -> Init.kaimingUniform(Tensor.zeros(3)), "fan in");
                default -> Case.of("uniform(null)", () -> Init.uniform(null, 0, 1), "null");
            };
        });
        g.put("Module.call / ModuleGradCheck(bad)", r -> {
            Sequential s = new Sequential(new Linear(3, 2, true, new Random(r.nextLong())), new Dropout(0.5));
            return r.nextBoolean()
                    ? Case.on(() -> Snapshots.of(s), "call(null)", () -> s.call(null), "input")
                    : Case.on(() -> Snapshots.of(s), "gradcheck of a random forward",
                            () -> ModuleGradCheck.of(s).check(Tensor.rand(new gradlab.tensor.Generator(r.nextLong()),
                                    4, 3)), "not deterministic");
        });
        g.put("SafeTensors.load(corrupted)", r -> {
            long fileSeed = r.nextLong();
            return Case.of("corrupted file " + fileSeed, () -> {
                Random fr = new Random(fileSeed);
                byte[] bytes = savedBytes();
                int kind = fr.nextInt(3);
                if (kind == 0) {
                    bytes[fr.nextInt(bytes.length)] ^= (byte) (1 + fr.nextInt(255));
                } else if (kind == 1) {
                    bytes = Arrays.copyOf(bytes, fr.nextInt(bytes.length));
                } else {
                    for (int i = 0; i < 1 + fr.nextInt(8); i++) {
                        bytes[fr.nextInt(bytes.length)] = (byte) fr.nextInt(256);
                    }
                    if (Arrays.equals(bytes, savedBytes())) {
                        bytes[0] ^= 1;
                    }
                }
                Path f = dir.resolve("corrupted" + fileSeed + ".safetensors");
                Files.write(f, bytes);
                SafeTensors.load(f);
            }, dir.toString());
        });
        g.put("SafeTensors(bad path or map)", r -> {
            Path f = dir.resolve("x" + r.nextInt(1000) + ".safetensors");
            int kind = r.nextInt(5);
            Map<String, Tensor> withNull = new HashMap<>();
            withNull.put(r.nextBoolean() ? null : "w", r.nextBoolean() ? null : Tensor.zeros(1));
            if (withNull.containsKey("w") && withNull.get("w") != null) {
                withNull.put("v", null);
            }
            return switch (kind) {
                case 0 -> Case.of("load(missing " + f.getFileName() + ")", () -> SafeTensors.load(
                        f.resolveSibling("missing-" + f.getFileName())), "missing-" + f.getFileName());
                case 1 -> Case.of("load(directory)", () -> SafeTensors.load(dir), dir.toString());
                case 2 -> Case.of("save(map with null)", () -> SafeTensors.save(f, withNull), "null");
                case 3 -> Case.of("save(null map)", () -> SafeTensors.save(f, null), "tensors is null");
                default -> Case.of("load(null)", () -> SafeTensors.load(null), "file is null");
            };
        });
        return g;
    }

    @TestFactory
    Stream<DynamicTest> badArgumentsAreRefusedClearlyAndChangeNothing() {
        return ApiFuzz.tests(SEED, CASES, generators());
    }
}
