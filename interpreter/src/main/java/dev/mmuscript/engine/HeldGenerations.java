package dev.mmuscript.engine;

import dev.mmuscript.model.FrameRef;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.ops.Task;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The generations of a frame that the explored threads hold in their registers (a page a handler took, the PTE a
 * fault read, a frame gup returned): registers are values of many kinds, so they are walked as values, through
 * records, lists, maps and arrays, to every {@link FrameRef} they hold. An explore's allocation numbers the new
 * generation apart from these ({@link Machine#alloc}).
 */
final class HeldGenerations implements Machine.Holders {
    /**
     * Each record class's accessors of the components that may hold a frame's generation, found once from their
     * declared types: not a primitive, a string, an enum, a list of strings, a record that holds none (most
     * registers are such), so that the walk goes only where a frame can be named.
     */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            java.util.List<Method> out = new java.util.ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (mayHold(c.getGenericType(), new java.util.HashSet<>())) {
                    Method m = c.getAccessor();
                    m.setAccessible(true);
                    out.add(m);
                }
            }
            return out.toArray(new Method[0]);
        }
    };

    /** Whether a value of declared type {@code t} may hold a {@link FrameRef}; {@code seen}: records on the way. */
    private static boolean mayHold(Type t, Set<Class<?>> seen) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && (Iterable.class.isAssignableFrom(raw) || PMap.class.isAssignableFrom(raw)
                        || Map.class.isAssignableFrom(raw))) {
            Type[] args = p.getActualTypeArguments();
            return mayHold(args[args.length - 1], seen);    // the elements, or the values
        }
        if (!(t instanceof Class<?> c)) {
            return true;    // a type variable or a wildcard: anything
        }
        if (FrameRef.class.isAssignableFrom(c)) {
            return true;
        }
        if (c.isPrimitive() || c == String.class || c.isEnum() || Number.class.isAssignableFrom(c)
                || c == Boolean.class || c.getPackageName().equals(SYNTAX)) {
            return false;
        }
        if (c.isRecord()) {
            if (!seen.add(c)) {
                return false;    // a record inside itself: its other components say
            }
            for (RecordComponent rc : c.getRecordComponents()) {
                if (mayHold(rc.getGenericType(), seen)) {
                    return true;
                }
            }
            return false;
        }
        return !java.lang.reflect.Modifier.isFinal(c.getModifiers()) || Iterable.class.isAssignableFrom(c)
                || PMap.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c.isArray();
    }

    /** How deep values nest, at most, before the walk stops (registers are shallow; a cycle cannot be one). */
    private static final int MAX_DEPTH = 32;
    private static final String SYNTAX = "dev.mmuscript.syntax";

    private PMap<String, Task> tasks = PMap.empty();
    private String moving;
    private Task current;

    /** The threads of the world a move starts from, and the moving one as it is now. */
    void at(PMap<String, Task> all, String name, Task now) {
        tasks = all;
        moving = name;
        current = now;
    }

    void moved(Task now) {
        current = now;
    }

    @Override
    public void generationsOf(long pfn, IntConsumer out) {
        tasks.forEach((name, t) -> walk(name.equals(moving) ? current : t, pfn, out));
    }

    private static void walk(Task t, long pfn, IntConsumer out) {
        if (t == null || t.done()) {
            return;
        }
        for (Task.Frames f = t.frames(); f != null; f = f.below()) {
            walk(f.top().regs(), pfn, out, 0);
        }
        walk(t.result(), pfn, out, 0);
    }

    private static void walk(Object v, long pfn, IntConsumer out, int depth) {
        if (v == null || depth > MAX_DEPTH || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Enum || v.getClass().getPackageName().equals(SYNTAX)) {
            return;    // a script's syntax tree names no frame
        }
        if (v instanceof FrameRef r) {
            if (r.pfn() == pfn) {
                out.accept(r.generation());
            }
        } else if (v instanceof PMap<?, ?> map) {    // before Iterable: a PMap iterates its keys
            map.forEach((k, e) -> walk(e, pfn, out, depth + 1));
        } else if (v instanceof Iterable<?> it) {
            it.forEach(e -> walk(e, pfn, out, depth + 1));
        } else if (v instanceof Map<?, ?> map) {
            map.values().forEach(e -> walk(e, pfn, out, depth + 1));
        } else if (v instanceof Object[] array) {
            for (Object e : array) {
                walk(e, pfn, out, depth + 1);
            }
        } else if (v.getClass().isRecord()) {
            for (Method m : ACCESSORS.get(v.getClass())) {
                try {
                    walk(m.invoke(v), pfn, out, depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("registers of " + v.getClass().getName(), e);
                }
            }
        }
    }
}
