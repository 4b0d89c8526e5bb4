package dev.mmuscript.drivers;

import dev.mmuscript.model.PMap;

/**
 * The names a handler or an assertion sees, as a value: locals ({@code let}) and the callback's parameters, the
 * pages it holds ({@code gup ... as NAME}), and its instance.
 */
public record Env(String instance, PMap<String, Long> locals, PMap<String, Page> pages) {
    public Env(String instance) {
        this(instance, PMap.empty(), PMap.empty());
    }

    public Env set(String name, long value) {
        return new Env(instance, locals.put(name, value), pages);
    }

    Env withPage(String name, Page p) {
        return new Env(instance, locals, pages.put(name, p));
    }

    Env withoutPage(String name) {
        return new Env(instance, locals, pages.remove(name));
    }

    /** A page a handler holds; {@code ref}: taken with gup (a reference to put), false for a page the device walked to. */
    record Page(long va, long pfn, int generation, boolean write, boolean ref) {
    }
}
