package gradlab.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The error for a StackOverflowError that reached the outermost {@link Module#call}: the forwards called each
     * other directly ({@code other.forward(x)}), so the guard's count never saw them. The chain is read from the
     * error's stack trace (the frames of Module subclasses' {@code forward}, innermost first), reduced to the shortest
     * repeating period, and each module class in it is named with its path in {@code root}'s tree.
     */
    static IllegalStateException stackOverflow(Module root, StackOverflowError e) {
        List<String> cycle = forwardCycle(e.getStackTrace(), root.getClass().getClassLoader());
        if (cycle.isEmpty()) {
            // no module's forward repeats: not forward recursion, so say only what is known
            IllegalStateException error = new IllegalStateException("the forward of " + root.getClass().getSimpleName()
                    + " ran out of stack (StackOverflowError), but no module's forward repeats in the stack: the"
                    + " recursion is in code that forward calls, or the computation is too deep for this thread's"
                    + " stack (run it on a Thread created with a larger stackSize)");
            error.initCause(e);
            return error;
        }
        StringBuilder chain = new StringBuilder();
        Map<String, List<String>> paths = new LinkedHashMap<>();
        root.namedModules().forEach((path, m) -> paths.computeIfAbsent(m.getClass().getName(),
                k -> new ArrayList<>()).add(path.isEmpty() ? "(root)" : path));
        // the stack overflowed somewhere in the cycle: start it, whatever the phase, at the module first in the tree
        List<String> tree = new ArrayList<>(paths.keySet());
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (treeIndex(tree, cycle.get(i)) < treeIndex(tree, cycle.get(first))) {
                first = i;
            }
        }
        Collections.rotate(cycle, -first);
        List<String> named = new ArrayList<>();
        for (String type : cycle) {
            List<String> where = paths.getOrDefault(type, List.of());
            named.add(simpleName(type) + ".forward" + (where.isEmpty() ? "" : " " + where));
        }
        chain.append(" (the chain repeats ").append(String.join(" -> ", named)).append(" -> ...)");
        IllegalStateException error = new IllegalStateException("forward recursion: the forward of "
                + root.getClass().getSimpleName() + " ran out of stack" + chain + ", so a module's forward calls"
                + " itself, directly or through other modules (two modules whose forwards call each other). Break the"
                + " cycle: a module must not hold, directly or through its children, a module whose forward calls"
                + " it back. (Calling children with child.call(x) instead of child.forward(x) stops such a cycle"
                + " after " + MAX_DEPTH + " forwards, naming each module.)");
        error.initCause(e);
        return error;
    }

    /**
     * The classes whose {@code forward} repeats in {@code trace} (innermost first), outermost of one period first;
     * empty if no forward of a Module subclass repeats.
     */
    static List<String> forwardCycle(StackTraceElement[] trace, ClassLoader loader) {
        List<String> forwards = new ArrayList<>();
        Map<String, Boolean> modules = new HashMap<>();
        for (StackTraceElement frame : trace) {
            if (frame.getMethodName().equals("forward")
                    && modules.computeIfAbsent(frame.getClassName(), name -> isModule(name, loader))) {
                forwards.add(frame.getClassName());
            }
        }
        for (int period = 1; period <= Math.min(32, forwards.size() / 2); period++) {
            boolean repeats = true;
            int span = Math.min(forwards.size(), 16 * period);   // the innermost frames: the trace may end outside the cycle
            for (int i = period; i < span && repeats; i++) {
                repeats = forwards.get(i).equals(forwards.get(i - period));
            }
            if (repeats) {
                List<String> cycle = new ArrayList<>(forwards.subList(0, period));
                Collections.reverse(cycle);
                return cycle;
            }
        }
        return List.of();
    }

    private static int treeIndex(List<String> tree, String type) {
        int i = tree.indexOf(type);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static boolean isModule(String className, ClassLoader loader) {
        try {
            return Module.class.isAssignableFrom(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }
}
