package dev.mmuscript.model;

import java.util.List;

/** A named gup pin taken by a script ({@code gup ... as NAME}) or by a driver's fault handler. */
public record Pin(String name, String proc, boolean write, List<PinnedPage> pages)
        implements Fingerprint.Fingerprinted {

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED2710B79BL;
        h = Fingerprint.add(h, name);
        h = Fingerprint.add(h, proc);
        h = Fingerprint.add(h, write);
        h = Fingerprint.add(h, pages);
        return h;
    }
}
