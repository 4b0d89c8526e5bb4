package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.PMap;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.ops.Task;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The records with a written-out 64-bit fingerprint and a hash made from it rather than the record's own (the
 * threads' registers, and what they hold: a world's fingerprint takes in each thread through them, so a component
 * left out would make two worlds one): two equal values hash and fingerprint alike, and a value that differs in any
 * one component, whichever, hashes and fingerprints otherwise and is not equal. Every record that is a path's
 * registers is among them.
 */
class RegisterHashesTest {
    private static final List<String> WRITTEN_OUT = List.of(
            "dev.mmuscript.model.Range", "dev.mmuscript.ops.Task", "dev.mmuscript.ops.Frame",
            "dev.mmuscript.engine.ThreadPrograms$ThreadRegs", "dev.mmuscript.kernel.DispatchRegs",
            "dev.mmuscript.drivers.CallContext", "dev.mmuscript.kernel.MmuGather$Gather",
            "dev.mmuscript.kernel.Zap$Regs", "dev.mmuscript.kernel.Gup$Take", "dev.mmuscript.drivers.HRegs",
            "dev.mmuscript.drivers.Env", "dev.mmuscript.drivers.Env$Params", "dev.mmuscript.drivers.Env$Page",
            "dev.mmuscript.kernel.FaultRegisters$Regs", "dev.mmuscript.drivers.DeviceAccess$Regs",
            "dev.mmuscript.engine.ThreadPrograms$Whole", "dev.mmuscript.kernel.Age$Regs",
            "dev.mmuscript.kernel.Cow$Regs", "dev.mmuscript.kernel.FaultRegisters$Access",
            "dev.mmuscript.kernel.FaultRegisters$Touch", "dev.mmuscript.kernel.Gup$Pinning",
            "dev.mmuscript.kernel.Gup$Unpinning", "dev.mmuscript.kernel.Ksm$SetPte", "dev.mmuscript.kernel.Ksm$Regs",
            "dev.mmuscript.kernel.PageLoop", "dev.mmuscript.kernel.TryToUnmap$Walk",
            "dev.mmuscript.kernel.TryToUnmapOne$Cleared", "dev.mmuscript.kernel.TryToUnmapOne$One",
            "dev.mmuscript.model.PageKey", "dev.mmuscript.kernel.OomReap$Regs", "dev.mmuscript.ops.Lock",
            "dev.mmuscript.kernel.Mremap$Regs", "dev.mmuscript.kernel.Register$Regs",
            "dev.mmuscript.kernel.Register$Unregs", "dev.mmuscript.kernel.Mprotect$Regs",
            "dev.mmuscript.kernel.Mmap$Regs", "dev.mmuscript.kernel.RemapFilePages$Regs",
            "dev.mmuscript.kernel.Fork$Regs");

    /** Registers that write out their own equality, leaving a component out of both on purpose. */
    private static final Map<String, String> LEFT_OUT = Map.of("dev.mmuscript.drivers.FaultPath$Regs", "attempt");

    /** Two compiled codes: frames compare them by identity, so each value made with one must share it. */
    private static final Code[] CODES = {code("a"), code("b")};

    @TestFactory
    Stream<DynamicTest> everyComponentChangesTheHash() {
        return Stream.concat(WRITTEN_OUT.stream(), LEFT_OUT.keySet().stream().sorted()).map(name ->
                DynamicTest.dynamicTest(name, () -> check(Class.forName(name))));
    }

    /** Every record that is a path's registers (a {@link Prefixed}) is among those checked here. */
    @Test
    void everyRegistersRecordIsChecked() throws IOException {
        Path classes = Path.of("target", "classes");
        List<String> unchecked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(java.io.File.separatorChar, '.')
                        .replaceFirst("\\.class$", "");
                Class<?> c = load(name);
                if (c != null && c.isRecord() && Prefixed.class.isAssignableFrom(c) && !WRITTEN_OUT.contains(name)
                        && !LEFT_OUT.containsKey(name)) {
                    unchecked.add(name);
                }
            }
        }
        assertEquals(List.of(), unchecked, "registers whose hashCode is not written out and checked here");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RegisterHashesTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static void check(Class<?> type) throws ReflectiveOperationException {
        assertEquals(type, type.getMethod("hashCode").getDeclaringClass(), "hashCode is not the record's own");
        assertTrue(Fingerprint.Fingerprinted.class.isAssignableFrom(type), "has a 64-bit fingerprint");
        RecordComponent[] components = type.getRecordComponents();
        Object base = make(type, new int[components.length]);
        Object same = make(type, new int[components.length]);
        assertEquals(base, same);
        assertEquals(base.hashCode(), same.hashCode());
        assertEquals(Fingerprint.of(base), Fingerprint.of(same));
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(LEFT_OUT.get(type.getName()))) {
                continue;
            }
            int[] variants = new int[components.length];
            variants[i] = 1;
            Object other = make(type, variants);
            assertNotEquals(base, other, components[i].getName());
            assertNotEquals(base.hashCode(), other.hashCode(), "the hash leaves out " + components[i].getName());
            assertNotEquals(Fingerprint.of(base), Fingerprint.of(other),
                    "the fingerprint leaves out " + components[i].getName());
        }
    }

    /** A value of the record {@code type} whose {@code i}th component is its {@code variants[i]}th sample. */
    private static Object make(Class<?> type, int[] variants) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = sample(types[i], variants[i]);
        }
        Constructor<?> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c.newInstance(args);
    }

    /** The {@code v}th (0 or 1) sample value of a component's type: two that differ. */
    private static Object sample(Class<?> t, int v) throws ReflectiveOperationException {
        if (t == long.class || t == Long.class) {
            return (long) v + 1;
        }
        if (t == int.class || t == Integer.class) {
            return v + 1;
        }
        if (t == boolean.class) {
            return v == 1;
        }
        if (t == String.class) {
            return v == 0 ? "a" : "b";
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[v];
        }
        if (t == List.class) {
            return v == 0 ? List.of() : List.of(1L);
        }
        if (t == PMap.class) {
            return v == 0 ? PMap.empty() : PMap.<String, Object>empty().put("k", 1L);
        }
        if (t == Code.class) {
            return CODES[v];
        }
        if (t == Task.Frames.class) {
            return new Task.Frames(new dev.mmuscript.ops.Frame(CODES[0], v, null), null, 1);
        }
        if (t == Object.class) {
            return (long) v + 1;
        }
        if (t.isRecord()) {
            int[] all = new int[t.getRecordComponents().length];
            java.util.Arrays.fill(all, v);
            return make(t, all);
        }
        throw new IllegalArgumentException("no samples of " + t.getName());
    }

    private static Code code(String name) {
        try {
            Constructor<Code> c = Code.class.getDeclaredConstructor(String.class, List.class, Map.class);
            c.setAccessible(true);
            return c.newInstance(name, new ArrayList<>(), Map.of());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
