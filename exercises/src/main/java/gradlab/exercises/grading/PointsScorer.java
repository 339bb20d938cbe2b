package gradlab.exercises.grading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns JUnit's execution events into {@link GradedUnit}s: one per method annotated {@link Points}. A method's
 * points are earned only if the method and every test it generates (parameterised invocations, dynamic tests)
 * succeed. Shared by the score table students see ({@link ScoreTableListener}) and the grader's test JVM.
 */
public final class PointsScorer {
    /** Keeps at most this many characters of failure text per unit. */
    public static final int MAX_FAILURE_CHARS = 4000;

    /** Jupiter's unique-id segment types of a test method, a parameterised method and a test factory. */
    private static final Set<String> METHOD_KINDS = Set.of("method", "test-template", "test-factory");

    private final Map<String, Unit> units = new LinkedHashMap<>();
    private TestPlan plan;

    private static final class Unit {
        final TestIdentifier id;
        final int points;
        final StringBuilder failures = new StringBuilder();
        int failed;

        Unit(TestIdentifier id, int points) {
            this.id = id;
            this.points = points;
        }
    }

    /** The points of a test identifier whose source is a method carrying {@link Points}, if any. */
    public static Optional<Integer> pointsOf(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isEmpty() || !(source.get() instanceof MethodSource ms)) {
            return Optional.empty();
        }
        String kind = UniqueId.parse(id.getUniqueId()).getLastSegment().getType();
        if (!METHOD_KINDS.contains(kind)) {
            return Optional.empty();   // a parameterised invocation or dynamic test: its method is the unit
        }
        try {
            Points p = ms.getJavaMethod().getAnnotation(Points.class);
            return p == null ? Optional.empty() : Optional.of(p.value());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The exercise a unit belongs to: its first tag of the form exN, or "untagged". */
    public static String exerciseOf(TestIdentifier id) {
        return id.getTags().stream().map(TestTag::getName).filter(t -> t.matches("ex\\d+")).sorted().findFirst()
                .orElse("untagged");
    }

    /** Every graded unit of the plan, in plan order, with its points (before execution). */
    public static List<TestIdentifier> gradedUnits(TestPlan plan) {
        List<TestIdentifier> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            collect(plan, root, out);
        }
        return out;
    }

    private static void collect(TestPlan plan, TestIdentifier id, List<TestIdentifier> out) {
        if (pointsOf(id).isPresent()) {
            out.add(id);
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collect(plan, child, out);
        }
    }

    public void planStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    /** Records a finished identifier; returns the unit if the identifier is a graded method that just finished. */
    public Optional<GradedUnit> finished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            Unit owner = ownerOf(id);
            if (owner != null) {
                owner.failed++;
                if (owner.failures.length() < MAX_FAILURE_CHARS) {
                    owner.failures.append(describe(id, result)).append('\n');
                }
            }
        }
        Unit unit = units.remove(id.getUniqueId());
        if (unit == null) {
            return Optional.empty();
        }
        String text = unit.failures.length() > MAX_FAILURE_CHARS
                ? unit.failures.substring(0, MAX_FAILURE_CHARS) + "\n[... failure text truncated]"
                : unit.failures.toString();
        return Optional.of(new GradedUnit(id.getUniqueId(), id.getDisplayName(), exerciseOf(id),
                id.getTags().stream().map(TestTag::getName).sorted().toList(),
                unit.failed == 0 ? unit.points : 0, unit.points, text.strip()));
    }

    /** Records a started identifier (graded units are opened here). */
    public void started(TestIdentifier id) {
        pointsOf(id).ifPresent(p -> units.put(id.getUniqueId(), new Unit(id, p)));
    }

    /** A skipped graded method earns nothing. */
    public Optional<GradedUnit> skipped(TestIdentifier id, String reason) {
        return pointsOf(id).map(p -> new GradedUnit(id.getUniqueId(), id.getDisplayName(), exerciseOf(id),
                id.getTags().stream().map(TestTag::getName).sorted().toList(), 0, p, "skipped: " + reason));
    }

    private Unit ownerOf(TestIdentifier id) {
        TestIdentifier current = id;
        while (current != null) {
            Unit u = units.get(current.getUniqueId());
            if (u != null) {
                return u;
            }
            current = plan == null ? null : plan.getParent(current).orElse(null);
        }
        return null;
    }

    private static String describe(TestIdentifier id, TestExecutionResult result) {
        String what = result.getThrowable().map(PointsScorer::firstLines).orElse(result.getStatus().toString());
        return "FAILED " + id.getDisplayName() + ": " + what;
    }

    /** The throwable's type and message, at most a few lines (the first line says what was wrong). */
    public static String firstLines(Throwable t) {
        String message = String.valueOf(t.getMessage());
        String[] lines = message.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, 12); i++) {
            sb.append(i == 0 ? "" : "\n    ").append(lines[i]);
        }
        if (lines.length > 12) {
            sb.append("\n    [... ").append(lines.length - 12).append(" more lines]");
        }
        String type = t instanceof AssertionError ? "" : t.getClass().getName() + ": ";
        StringBuilder where = new StringBuilder();
        if (!(t instanceof AssertionError)) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("gradlab.exercises.ex")) {
                    where.append("\n    at ").append(e);
                    break;
                }
            }
        }
        return type + sb + where;
    }
}
