package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random cases (a random optimizer with random options, a random parameter shape and a random smooth loss):
 * an optimizer updates a non-contiguous parameter (a permuted view) exactly as a contiguous one, and 3 steps + save +
 * load into a new optimizer + 3 steps equals 6 steps, bit for bit. Each case's name holds its seed and configuration.
 */
class OptimizerPropertyTest {
    private static final int CASES = 60;
    private static final int STEPS = 6;

    /** A random optimizer with random (valid) options, and a description of it. */
    private record Config(String description, Function<List<Tensor>, Optimizer> make) {
    }

    private static Config randomConfig(Random r) {
        double lr = 0.001 + 0.1 * r.nextDouble();
        double wd = r.nextBoolean() ? 0 : 0.1 * r.nextDouble();
        switch (r.nextInt(5)) {
            case 0: {
                double mu = r.nextBoolean() ? 0 : r.nextDouble();
                boolean nesterov = mu > 0 && r.nextBoolean();
                double damp = nesterov || mu == 0 ? 0 : 0.5 * r.nextDouble();
                SGD.Options o = SGD.options(lr).momentum(mu).dampening(damp).weightDecay(wd).nesterov(nesterov);
                return new Config(String.format("SGD lr=%.4f mu=%.3f damp=%.3f wd=%.3f nesterov=%b", lr, mu, damp,
                        wd, nesterov), ps -> new SGD(ps, o));
            }
            case 1: {
                boolean ams = r.nextBoolean();
                double b1 = 0.5 + 0.49 * r.nextDouble();
                AdamOptions o = Adam.options().lr(lr).betas(b1, 0.999).weightDecay(wd).amsgrad(ams);
                return new Config(String.format("Adam lr=%.4f beta1=%.3f wd=%.3f amsgrad=%b", lr, b1, wd, ams),
                        ps -> new Adam(ps, o));
            }
            case 2: {
                boolean ams = r.nextBoolean();
                AdamOptions o = AdamW.options().lr(lr).weightDecay(wd).amsgrad(ams);
                return new Config(String.format("AdamW lr=%.4f wd=%.3f amsgrad=%b", lr, wd, ams),
                        ps -> new AdamW(ps, o));
            }
            case 3: {
                boolean centered = r.nextBoolean();
                double mu = r.nextBoolean() ? 0 : r.nextDouble();
                RMSprop.Options o = RMSprop.options().lr(lr / 10).centered(centered).momentum(mu).weightDecay(wd);
                return new Config(String.format("RMSprop lr=%.4f centered=%b mu=%.3f wd=%.3f", lr / 10, centered,
                        mu, wd), ps -> new RMSprop(ps, o));
            }
            default: {
                double decay = r.nextBoolean() ? 0 : r.nextDouble();
                double init = r.nextBoolean() ? 0 : r.nextDouble();
                Adagrad.Options o = Adagrad.options().lr(lr).lrDecay(decay).initialAccumulatorValue(init)
                        .weightDecay(wd);
                return new Config(String.format("Adagrad lr=%.4f lrDecay=%.3f init=%.3f wd=%.3f", lr, decay, init,
                        wd), ps -> new Adagrad(ps, o));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> randomCases() {
        return IntStream.range(0, CASES).mapToObj(seed -> {
            Random r = new Random(seed);
            Config config = randomConfig(r);
            int rank = 1 + r.nextInt(3);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + r.nextInt(4);
            }
            long dataSeed = r.nextLong();
            String name = "seed " + seed + ": " + config.description() + ", shape " + java.util.Arrays.toString(shape);
            return DynamicTest.dynamicTest(name, () -> check(name, config, shape, dataSeed));
        });
    }

    /** loss = sum(a p^2) + sum(b p) + 0.1 sum(p^4), a > 0 and b random. */
    private static Tensor loss(Tensor p, Tensor a, Tensor b) {
        return a.mul(p.mul(p)).sum().add(b.mul(p).sum()).add(p.pow(4).sum().mul(0.1));
    }

    private static void train(Optimizer opt, Tensor p, Tensor a, Tensor b, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            loss(p, a, b).backward();
            opt.step();
        }
    }

    private static void check(String name, Config config, int[] shape, long dataSeed) {
        Tensor start = Tensor.randn(new Generator(dataSeed), shape);
        Tensor a = Tensor.rand(new Generator(dataSeed + 1), shape).add(0.1);
        Tensor b = Tensor.randn(new Generator(dataSeed + 2), shape);

        Tensor contiguous = start.clone().requiresGrad(true);
        train(config.make().apply(List.of(contiguous)), contiguous, a, b, STEPS);

        // the same values held transposed in storage: a permuted view, detached to make it a leaf
        int[] reversed = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            reversed[d] = shape.length - 1 - d;
        }
        Tensor strided = start.clone().permute(reversed).contiguous().permute(reversed).detach().requiresGrad(true);
        assertThat(strided.sharesStorageWith(start)).isFalse();
        if (!hasOnlyOneNonUnitDim(shape)) {
            assertThat(strided.isContiguous()).as(name + ": the view is non-contiguous").isFalse();
        }
        train(config.make().apply(List.of(strided)), strided, a, b, STEPS);
        assertThat(strided.toDoubleArray()).as(name + ": non-contiguous parameter")
                .containsExactly(contiguous.toDoubleArray());

        Tensor first = start.clone().requiresGrad(true);
        Optimizer before = config.make().apply(List.of(first));
        train(before, first, a, b, STEPS / 2);
        Tensor resumed = first.detach().clone().requiresGrad(true);
        Optimizer after = config.make().apply(List.of(resumed));
        after.loadStateDict(before.stateDict());
        train(after, resumed, a, b, STEPS - STEPS / 2);
        assertThat(resumed.toDoubleArray()).as(name + ": resumed from a state dict")
                .containsExactly(contiguous.toDoubleArray());
        assertThat(resumed.toDoubleArray()).as(name + ": the parameter moved").isNotEqualTo(start.toDoubleArray());
    }

    private static boolean hasOnlyOneNonUnitDim(int[] shape) {
        List<Integer> big = new ArrayList<>();
        for (int s : shape) {
            if (s > 1) {
                big.add(s);
            }
        }
        return big.size() <= 1;
    }
}
