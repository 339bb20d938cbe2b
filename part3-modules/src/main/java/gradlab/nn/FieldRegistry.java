package gradlab.nn;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the submodules and parameters a module holds in its fields (what PyTorch's {@code __setattr__} registers).
 *
 * <p>The rule: every instance field declared by the module's class or a superclass below {@link Module}, superclass
 * fields first and each class's fields in declaration order, whose <em>current value</em> is a {@link Module} or a
 * {@link Parameter} (whatever the field's declared type), is registered under the field's name. Null fields, static
 * fields and compiler-made fields (an inner class's {@code this$0}) are skipped. Because the fields are read each
 * time, assigning a new layer to a field later is seen too.
 *
 * <p>The pitfall it catches: a field holding modules or parameters inside a plain Java {@code List}, array, other
 * {@code Collection} or {@code Map} would be invisible to {@code parameters()} (so an optimizer would never train
 * them). Such a field is an error naming the class and the field and saying to use {@link ModuleList} (unless every
 * module in it is also registered, by a field or {@link Module#registerModule}).
 *
 * <p>(The JVM returns a class's fields in declaration order; the Java specification does not promise it, but every
 * mainstream JVM does. Use {@link Module#registerModule} where the order must be guaranteed.)
 */
final class FieldRegistry {
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            return instanceFields(type);
        }
    };

    private FieldRegistry() {
    }

    /**
     * Puts the modules and parameters {@code owner} holds in its fields, in field order, into the two maps. A field
     * holding a container with a module or parameter inside that is in neither map nor {@code registered} is an error.
     */
    static void scan(Module owner, Map<String, Module> modules, Map<String, Parameter> parameters,
                     Collection<?> registered) {
        List<Field> containers = new ArrayList<>();
        for (Field field : FIELDS.get(owner.getClass())) {
            Object value = read(owner, field);
            if (value == null || value == owner) {
                continue;
            }
            if (value instanceof Module m) {
                modules.put(field.getName(), m);
            } else if (value instanceof Parameter p) {
                parameters.put(field.getName(), p);
            } else if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[]) {
                containers.add(field);
            }
        }
        if (containers.isEmpty()) {
            return;
        }
        Set<Object> visible = Collections.newSetFromMap(new IdentityHashMap<>());
        visible.addAll(modules.values());
        visible.addAll(parameters.values());
        visible.addAll(registered);
        for (Field field : containers) {
            checkNoHiddenModules(field, read(owner, field), visible);
        }
    }

    private static List<Field> instanceFields(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Module.class && c != Object.class; c = c.getSuperclass()) {
            chain.add(c);
        }
        Collections.reverse(chain);
        List<Field> fields = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(c.getName() + "." + f.getName() + " cannot be read by gradlab.nn"
                            + " to find the submodules and parameters it holds (" + e.getMessage() + "); open the"
                            + " package to gradlab.nn, or register them with registerModule/registerParameter", e);
                }
                fields.add(f);
            }
        }
        return List.copyOf(fields);
    }

    private static Object read(Module owner, Field field) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read field " + field.getDeclaringClass().getName() + "."
                    + field.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails if a container held in a field has a Module or Parameter anywhere inside it (nested containers too) that
     * is not registered some other way.
     */
    private static void checkNoHiddenModules(Field field, Object container, Set<Object> visible) {
        Counts counts = new Counts();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(visible);
        count(container, counts, seen);
        if (counts.modules == 0 && counts.parameters == 0) {
            return;
        }
        String where = field.getDeclaringClass().getSimpleName() + "." + field.getName();
        String kind = container.getClass().isArray() ? container.getClass().getComponentType().getSimpleName() + "[]"
                : container.getClass().getName();
        StringBuilder msg = new StringBuilder();
        msg.append("field ").append(where).append(" is a ").append(kind).append(" holding ");
        if (counts.modules > 0) {
            msg.append(counts.modules).append(" module(s) (first: ").append(counts.firstModule).append(")");
        }
        if (counts.parameters > 0) {
            msg.append(counts.modules > 0 ? " and " : "").append(counts.parameters).append(" parameter(s)");
        }
        msg.append(". Modules and parameters inside a plain Java List, array, Collection or Map are invisible to"
                + " parameters(), stateDict(), train()/eval() and zeroGrad(), so an optimizer would never train them.");
        if (counts.modules > 0) {
            msg.append(" Hold the modules in a ModuleList instead (e.g. `").append(field.getName())
                    .append(" = new ModuleList(theList)`, or Sequential to chain them), or register each with"
                    + " registerModule(name, module).");
        }
        if (counts.parameters > 0) {
            msg.append(" Hold each parameter in its own field, or register each with registerParameter(name, p).");
        }
        throw new IllegalStateException(msg.toString());
    }

    private static final class Counts {
        int modules;
        int parameters;
        String firstModule;
    }

    private static void count(Object value, Counts counts, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Module m) {
            counts.modules++;
            if (counts.firstModule == null) {
                counts.firstModule = m.getClass().getSimpleName();
            }
        } else if (value instanceof Parameter) {
            counts.parameters++;
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                count(o, counts, seen);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                count(e.getKey(), counts, seen);
                count(e.getValue(), counts, seen);
            }
        } else if (value instanceof Object[]) {
            for (int i = 0; i < Array.getLength(value); i++) {
                count(Array.get(value, i), counts, seen);
            }
        }
    }
}
