package gradlab.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Fuzzing a public API with seeded bad arguments: each {@link Case} is one call that must be refused, and
 * {@link #check} asserts the three promises of the guide's "clear errors, nothing lost":
 * <ol>
 *   <li>the call throws one of the {@link #DOCUMENTED} exception types (never NullPointerException,
 *       ArrayIndexOutOfBounds, ClassCast, NegativeArraySize, NumberFormat, StackOverflowError, ...);</li>
 *   <li>its message names the bad argument (one of the case's {@code mentions}: the parameter's name or value);</li>
 *   <li>the objects involved are unchanged: the case's {@code state} description is the same before and after.</li>
 * </ol>
 * {@link #tests} turns generators into JUnit dynamic tests named {@code kind: what (case i, seed s)}, so a failure
 * in the console or in surefire's XML says which call, and the seed replays it: {@code generator.next(new
 * Random(s))}. To fuzz another module's API, write generators ({@code Random -> Case}) and a state description (part 3's tests
 * keep one in gradlab.fuzz.Snapshots), and call {@link #tests} from a {@code @TestFactory}.
 */
public final class ApiFuzz {
    /** The exceptions a public entry point documents for bad input. */
    public static final List<Class<? extends Throwable>> DOCUMENTED = List.of(IllegalArgumentException.class,
            IllegalStateException.class, IndexOutOfBoundsException.class, UnsupportedOperationException.class,
            IOException.class);
    /** Subclasses of documented types that are internal failures all the same. */
    private static final List<Class<? extends Throwable>> INTERNAL = List.of(ArrayIndexOutOfBoundsException.class,
            StringIndexOutOfBoundsException.class, NumberFormatException.class);

    private ApiFuzz() {
    }

    /** A call that throws anything. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /**
     * One bad call: {@code name} describes it (shown with the seed), {@code state} describes the objects it touches
     * (compared before and after), {@code mentions} are the strings one of which the message must contain.
     */
    public record Case(String name, Call call, Supplier<String> state, List<String> mentions) {
        /** A case touching no object (a constructor or a static method). */
        public static Case of(String name, Call call, String... mentions) {
            return new Case(name, call, () -> "", List.of(mentions));
        }

        /** A case on objects described by {@code state}. */
        public static Case on(Supplier<String> state, String name, Call call, String... mentions) {
            return new Case(name, call, state, List.of(mentions));
        }
    }

    /**
     * {@code count} dynamic tests drawn from {@code generators} in turn (so every kind runs count / kinds times),
     * each from its own seed taken from a Random seeded with {@code seed}.
     */
    public static Stream<DynamicTest> tests(long seed, int count, Map<String, Function<Random, Case>> generators) {
        List<Map.Entry<String, Function<Random, Case>>> kinds = new ArrayList<>(generators.entrySet());
        Random master = new Random(seed);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map.Entry<String, Function<Random, Case>> kind = kinds.get(i % kinds.size());
            long caseSeed = master.nextLong();
            Case c;
            try {
                c = kind.getValue().apply(new Random(caseSeed));
            } catch (RuntimeException e) {
                throw new IllegalStateException("generator " + kind.getKey() + " failed at seed " + caseSeed, e);
            }
            String label = kind.getKey() + ": " + c.name() + " (case " + i + ", seed " + caseSeed + ")";
            tests.add(DynamicTest.dynamicTest(label, () -> check(label, c)));
        }
        return tests.stream();
    }

    /** Runs {@code c} and asserts its three promises (see the class comment); {@code label} starts every message. */
    public static void check(String label, Case c) {
        String before = c.state().get();
        Throwable thrown = null;
        try {
            c.call().run();
        } catch (Throwable t) {    // StackOverflowError and friends too: they are what must not happen
            thrown = t;
        }
        if (thrown == null) {
            throw new AssertionError(label + ": the bad call was accepted; expected one of " + names(DOCUMENTED));
        }
        if (!documented(thrown)) {
            throw new AssertionError(label + ": threw the internal " + thrown.getClass().getName() + " ("
                    + thrown.getMessage() + ") instead of one of " + names(DOCUMENTED) + " naming the argument",
                    thrown);
        }
        String message = String.valueOf(thrown.getMessage());
        if (c.mentions().stream().noneMatch(message::contains)) {
            throw new AssertionError(label + ": the message does not name the bad argument (expected one of "
                    + c.mentions() + "): " + thrown.getClass().getSimpleName() + ": " + message, thrown);
        }
        String after = c.state().get();
        if (!before.equals(after)) {
            throw new AssertionError(label + ": the failed call changed the objects it was given (" + message
                    + ")\n  before: " + before + "\n  after:  " + after, thrown);
        }
    }

    private static boolean documented(Throwable t) {
        return DOCUMENTED.stream().anyMatch(type -> type.isInstance(t))
                && INTERNAL.stream().noneMatch(type -> type.isInstance(t));
    }

    private static String names(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getSimpleName).toList().toString();
    }

    // ------------------------------------------------------------------------------------------ bad values

    /** A size that is never valid: 0, negative, or Integer.MIN_VALUE. */
    public static int badSize(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> -1 - r.nextInt(1_000_000);
            default -> Integer.MIN_VALUE;
        };
    }

    /** A number that is not finite. */
    public static double nonFinite(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            default -> Double.NEGATIVE_INFINITY;
        };
    }

    /** A negative number or a non-finite one. */
    public static double negativeOrNonFinite(Random r) {
        return r.nextBoolean() ? nonFinite(r) : -Math.exp(r.nextGaussian() * 5) ;
    }

    /** A probability that is not in [0, 1]. */
    public static double badProbability(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> -r.nextDouble() - 1e-9;
            case 2 -> 1 + r.nextDouble() + 1e-9;
            default -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        };
    }

    /** A random shape of rank 0..maxRank with sizes 1..maxSize. */
    public static int[] shape(Random r, int maxRank, int maxSize) {
        int[] s = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + r.nextInt(maxSize);
        }
        return s;
    }

    /** One of the values. */
    @SafeVarargs
    public static <T> T oneOf(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
