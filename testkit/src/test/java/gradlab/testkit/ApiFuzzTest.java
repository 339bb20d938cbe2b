package gradlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.testkit.ApiFuzz.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The harness itself: each of its three promises fails a case that breaks it, and passes one that keeps it. */
class ApiFuzzTest {
    @Test
    void aCallThatIsRefusedWithADocumentedExceptionNamingTheArgumentPasses() {
        ApiFuzz.check("ok", Case.of("negative size", () -> {
            throw new IllegalArgumentException("size must be positive, got -3");
        }, "size", "-3"));
    }

    @Test
    void anAcceptedBadCallFails() {
        assertThatThrownBy(() -> ApiFuzz.check("accepted", Case.of("negative size", () -> { }, "size")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("accepted: the bad call was accepted");
    }

    @Test
    void anInternalExceptionFailsEvenWhenItSubclassesADocumentedOne() {
        assertThatThrownBy(() -> ApiFuzz.check("npe", Case.of("null", () -> {
            throw new NullPointerException("x");
        }, "x"))).hasMessageStartingWith("npe: threw the internal java.lang.NullPointerException");
        assertThatThrownBy(() -> ApiFuzz.check("aioobe", Case.of("index", () -> {
            throw new ArrayIndexOutOfBoundsException(5);
        }, "5"))).hasMessageStartingWith("aioobe: threw the internal java.lang.ArrayIndexOutOfBoundsException");
        assertThatThrownBy(() -> ApiFuzz.check("soe", Case.of("cycle", () -> {
            throw new StackOverflowError();
        }, "cycle"))).hasMessageStartingWith("soe: threw the internal java.lang.StackOverflowError");
    }

    @Test
    void aMessageThatDoesNotNameTheArgumentFails() {
        assertThatThrownBy(() -> ApiFuzz.check("vague", Case.of("lr NaN", () -> {
            throw new IllegalArgumentException("bad input");
        }, "lr", "NaN"))).hasMessageStartingWith("vague: the message does not name the bad argument");
    }

    @Test
    void aRefusedCallThatChangedItsObjectsFails() {
        List<Integer> list = new ArrayList<>(List.of(1, 2));
        assertThatThrownBy(() -> ApiFuzz.check("changed", Case.on(list::toString, "add then refuse", () -> {
            list.add(3);
            throw new IllegalStateException("list is full");
        }, "full"))).hasMessageStartingWith("changed: the failed call changed the objects it was given")
                .hasMessageContaining("before: [1, 2]").hasMessageContaining("after:  [1, 2, 3]");
    }

    @Test
    void testsAreNamedForKindCaseAndSeedAndTheSeedReplaysTheCase() {
        Map<String, Function<Random, Case>> kinds = Map.of("size", r -> {
            int n = ApiFuzz.badSize(r);
            return Case.of("n=" + n, () -> {
                throw new IllegalArgumentException("n=" + n);
            }, "n=" + n);
        });
        List<DynamicTest> tests = ApiFuzz.tests(42, 5, kinds).collect(Collectors.toList());
        assertThat(tests).hasSize(5);
        Random master = new Random(42);
        for (int i = 0; i < tests.size(); i++) {
            long seed = master.nextLong();
            String name = kinds.get("size").apply(new Random(seed)).name();
            assertThat(tests.get(i).getDisplayName()).isEqualTo("size: " + name + " (case " + i + ", seed " + seed + ")");
        }
    }

    @Test
    void theBadValueGeneratorsOnlyMakeBadValues() {
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(ApiFuzz.badSize(r)).isLessThanOrEqualTo(0);
            assertThat(Double.isFinite(ApiFuzz.nonFinite(r))).isFalse();
            double v = ApiFuzz.negativeOrNonFinite(r);
            assertThat(v < 0 || !Double.isFinite(v)).isTrue();
            double p = ApiFuzz.badProbability(r);
            assertThat(p >= 0 && p <= 1).isFalse();
            int[] shape = ApiFuzz.shape(r, 3, 4);
            assertThat(shape.length).isBetween(0, 3);
            for (int s : shape) {
                assertThat(s).isBetween(1, 4);
            }
        }
    }
}
