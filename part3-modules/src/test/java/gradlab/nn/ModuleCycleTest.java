package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A module tree cannot contain itself, and forward recursion is a message, not a StackOverflowError. */
class ModuleCycleTest {

    @Test
    void aSequentialCannotBeAddedToItsOwnChild() {
        Sequential s1 = new Sequential(new Identity());
        Sequential s2 = new Sequential();
        s1.add(s2);
        assertThatThrownBy(() -> s2.add(s1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot add Sequential@" + Integer.toHexString(System.identityHashCode(s1)))
                .hasMessageContaining("of Sequential@" + Integer.toHexString(System.identityHashCode(s2)))
                .hasMessageContaining("already contains this Sequential (as its submodule '1')");
        assertThat(s2.size()).isZero();                                   // nothing was added
        assertThat(s1.forward(Tensor.of(1, 2)).toDoubleArray()).containsExactly(1, 2);
    }

    @Test
    void deeperCyclesThroughModuleListAndFieldsAreRefusedToo() {
        ModuleList outer = new ModuleList();
        Sequential middle = new Sequential();
        ModuleList inner = new ModuleList();
        outer.add(middle);
        middle.add(inner);
        assertThatThrownBy(() -> inner.add(outer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already contains this ModuleList (as its submodule '0.0')");
        assertThatThrownBy(() -> inner.add(inner)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be its own child");
        assertThat(inner.size()).isZero();
    }

    @Test
    void sharingALayerIsNotACycle() {
        Linear shared = new Linear(2, 2, true, new Random(0));
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertThat(s.parameters()).hasSize(2);
        assertThat(s.forward(Tensor.of(new int[] {1, 2}, 1, 2)).shape()).containsExactly(1, 2);
    }

    /** Two modules that hold each other in fields and call each other's forward through call(). */
    static final class Ping extends Module {
        Module other;
        final boolean guarded;

        Ping(boolean guarded) {
            this.guarded = guarded;
        }

        @Override
        public Tensor forward(Tensor input) {
            return guarded ? other.call(input) : other.forward(input);
        }
    }

    @Test
    void forwardsThatCallEachOtherThroughCallFailNamingBoth() {
        Ping a = new Ping(true);
        Ping b = new Ping(true);
        a.other = b;
        b.other = a;
        assertThatThrownBy(() -> a.call(Tensor.of(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("forward recursion: " + ForwardGuard.MAX_DEPTH + " module forwards")
                .hasMessageContaining("Ping@" + Integer.toHexString(System.identityHashCode(a)))
                .hasMessageContaining("Ping@" + Integer.toHexString(System.identityHashCode(b)));
        assertThat(ForwardGuard.depth()).isZero();                        // the guard is left clean
    }

    @Test
    void forwardsThatCallEachOtherDirectlyAreReportedByTheOutermostCall() {
        Ping a = new Ping(false);
        Ping b = new Ping(false);
        a.other = b;
        b.other = a;
        assertThatThrownBy(() -> a.call(Tensor.of(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("forward recursion: the forward of Ping ran out of stack (the chain repeats"
                        + " Ping.forward [(root), other] -> ...)")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(ForwardGuard.depth()).isZero();
    }

    /** A model whose two layers call each other's forward directly: no call() between them for the guard to count. */
    static final class Tangled extends Module {
        final Left left = new Left();
        final Right right = new Right();

        Tangled() {
            left.right = right;
            right.left = left;
        }

        @Override
        public Tensor forward(Tensor input) {
            return left.forward(input);
        }
    }

    static final class Left extends Module {
        Right right;

        @Override
        public Tensor forward(Tensor input) {
            return right.forward(input.neg());
        }
    }

    static final class Right extends Module {
        Left left;

        @Override
        public Tensor forward(Tensor input) {
            return left.forward(input.neg());
        }
    }

    @Test
    void directForwardCallsInACycleAreNamedWithTheirPathsByTheOutermostCall() {
        Tangled model = new Tangled();
        Tensor x = Tensor.of(1, 2);
        assertThatThrownBy(() -> model.call(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("forward recursion: the forward of Tangled ran out of stack (the chain repeats"
                        + " Left.forward [left] -> Right.forward [left.right] -> ...)")
                .hasMessageContaining("Break the cycle")
                .hasMessageContaining("child.call(x) instead of child.forward(x)")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(ForwardGuard.depth()).isZero();
        assertThat(x.toDoubleArray()).containsExactly(1, 2);              // the input is untouched
    }

    /** A forward whose helper recurses without end: a stack overflow, but not forward recursion. */
    static final class Runaway extends Module {
        @Override
        public Tensor forward(Tensor input) {
            return helper(input, 0);
        }

        private Tensor helper(Tensor input, int depth) {
            return helper(input, depth + 1);
        }
    }

    @Test
    void aStackOverflowWhereNoForwardRepeatsIsNotCalledForwardRecursion() {
        Runaway model = new Runaway();
        assertThatThrownBy(() -> model.call(Tensor.of(1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the forward of Runaway ran out of stack (StackOverflowError), but no module's"
                        + " forward repeats in the stack")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(ForwardGuard.depth()).isZero();
    }

    @Test
    void theCycleIsTheShortestRepeatingPeriodOfModuleForwardsInTheTrace() {
        StackTraceElement[] trace = new StackTraceElement[12];
        String[] classes = {Left.class.getName(), "gradlab.tensor.Tensor", Right.class.getName()};
        for (int i = 0; i < trace.length; i++) {
            String type = classes[i % 3];
            trace[i] = new StackTraceElement(type, type.endsWith("Tensor") ? "neg" : "forward", "X.java", i);
        }
        assertThat(ForwardGuard.forwardCycle(trace, getClass().getClassLoader()))
                .containsExactly(Right.class.getName(), Left.class.getName());
        assertThat(ForwardGuard.forwardCycle(new StackTraceElement[0], getClass().getClassLoader())).isEmpty();
    }

    @Test
    void aModuleInsideASequentialThatCallsTheSequentialIsStoppedByTheGuard() {
        Sequential s = new Sequential();
        Ping back = new Ping(true);
        s.add(new Identity());
        s.registerModule("back", back);
        back.other = s;             // a back-reference assigned to a field later: no add() to refuse it
        assertThatThrownBy(() -> s.call(Tensor.of(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forward recursion");
    }
}
