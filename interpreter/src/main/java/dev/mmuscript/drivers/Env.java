package dev.mmuscript.drivers;

import java.util.Map;
import java.util.TreeMap;

/** The names a handler or an assertion sees: locals ({@code let}), the callback's parameters, its instance. */
public final class Env {
    final String instance;
    final Map<String, Long> locals = new TreeMap<>();
    final Map<String, Page> pages = new TreeMap<>();

    public Env(String instance) {
        this.instance = instance;
    }

    public Env set(String name, long value) {
        locals.put(name, value);
        return this;
    }

    /** A page a handler holds through {@code gup ... as NAME}. */
    /** {@code ref}: taken with gup (a reference to put); false for a page the device walked to. */
    record Page(long va, long pfn, int generation, boolean write, boolean ref) {
    }
}
