package gradlab.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns endless forward recursion into a message. {@link Module#call} counts the forwards running on this thread;
 * a chain of {@link #MAX_DEPTH} nested module forwards is not a network but a cycle (a module whose forward calls
 * itself, directly or through others: {@code s1.add(s2)} of an {@code s2} that holds {@code s1}, or two modules whose
 * forwards call each other), so it fails there naming the modules that repeat, instead of a StackOverflowError.
 */
final class ForwardGuard {
    /** Far deeper than any real network's nesting of modules. */
    static final int MAX_DEPTH = 512;
    private static final ThreadLocal<Deque<Module>> RUNNING = ThreadLocal.withInitial(ArrayDeque::new);

    private ForwardGuard() {
    }

    /**
     * Records that {@code module}'s forward starts and returns how many were running before it; throws if the chain
     * of running forwards is too deep.
     */
    static int enter(Module module) {
        Deque<Module> running = RUNNING.get();
        int before = running.size();
        if (before >= MAX_DEPTH) {
            throw recursion(running);
        }
        running.push(module);
        return before;
    }

    /**
     * Records that the forwards above depth {@code before} ended. (Popping down to a depth, rather than one entry,
     * repairs the record if an inner exit could not run, e.g. for lack of stack.)
     */
    static void exitTo(int before) {
        Deque<Module> running = RUNNING.get();
        while (running.size() > before) {
            running.pop();
        }
    }

    /** How many module forwards are running on this thread (1 inside the outermost one). */
    static int depth() {
        return RUNNING.get().size();
    }

    static IllegalStateException recursion(Deque<Module> running) {
        List<String> cycle = new ArrayList<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : running) {                     // innermost first: the modules that keep calling each other
            if (!seen.add(m)) {
                break;
            }
            cycle.add(0, m.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(m)));
        }
        return new IllegalStateException("forward recursion: " + running.size() + " module forwards are running"
                + " inside each other (the chain repeats " + String.join(" -> ", cycle) + " -> ...), so a module's"
                + " forward calls itself, directly or through other modules (a container added to itself, or two"
                + " modules whose forwards call each other). Break the cycle: a module must not hold, directly or"
                + " through its children, a module whose forward calls it back");
    }

    static IllegalStateException stackOverflow(Module module, StackOverflowError e) {
        IllegalStateException error = new IllegalStateException("forward recursion: the forward of "
                + module.getClass().getSimpleName() + " ran out of stack, so a module's forward calls itself,"
                + " directly or through other modules (two modules whose forwards call each other). Break the"
                + " cycle: a module must not hold, directly or through its children, a module whose forward calls"
                + " it back");
        error.initCause(e);
        return error;
    }
}
