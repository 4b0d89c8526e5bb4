package dev.mmuscript.model;

/**
 * Where a new frame goes. The sequential engine takes the lowest free frame, so that traces number frames 0, 1, 2
 * as they are allocated. An explore places a frame at the place its owner names ({@code anon vm 0x10000},
 * {@code cow vm 0x11000}, {@code file f page 2}: what the page is for, not when it was asked for), or at the first
 * free or unused place after it. The kernel's allocator gives no frame numbers a driver may rely on, so any
 * placement is one the kernel could make; this one makes the state a schedule reaches independent of the order in
 * which its threads allocated, which is what lets breadth-first search find two such schedules to be one state
 * (design §4.3, canonical frame numbering). Likewise an explore numbers a reused frame's generation anew.
 */
final class FramePlaces {
    /** How many places there are: far more than an explore's frames, so that owners rarely share one. */
    static final long PLACES = 1L << 20;

    private FramePlaces() {
    }

    /** The lowest free frame, or a new one after the last (the sequential allocator: it reads the free list). */
    static long lowestFree(MachineState state, Footprint footprint) {
        Footprint.read(footprint, Footprint.ALLOCATOR, 0);
        Footprint.write(footprint, Footprint.ALLOCATOR, 0);
        Long free = state.lowestFree();
        return free != null ? free : state.frames().size();
    }

    /**
     * The place for a frame of {@code owner} among {@code frames}: its own place if that is unused or free, else
     * the next one that is; the places looked at are what the allocation read ({@code footprint}, may be null).
     */
    static long placeFor(String owner, PMap<Long, Frame> frames, Footprint footprint) {
        long pfn = Fingerprint.mix(Fingerprint.of(owner)) & (PLACES - 1);
        for (long tries = 0; tries <= frames.size(); tries++) {
            Footprint.read(footprint, Footprint.FRAME, pfn);
            Frame f = frames.get(pfn);
            if (f == null || f.isFree()) {
                return pfn;
            }
            pfn = (pfn + 1) & (PLACES - 1);
        }
        throw new IllegalStateException("no free place among " + frames.size() + " frames");
    }

    /**
     * The least generation no existing value holds for {@code pfn}: no PTE, shadow or TLB entry, pinned page or
     * logged write, and no thread's registers ({@link Machine#holders}). Every value that names the frame keeps
     * telling apart the allocations it told apart with ever-growing generations (an old one is still stale, two
     * values of one allocation still match), and two worlds that differ only in how often a frame was reused are
     * one.
     */
    static int unusedGeneration(MachineState state, long pfn, Machine.Holders holders) {
        java.util.BitSet used = new java.util.BitSet();
        for (PfnUse u : state.ptesOf(pfn)) {
            used.set(state.procs().get(u.by()).ptes().get(u.at()).generation());
        }
        for (PfnUse u : state.shadowsOf(pfn)) {
            used.set(state.instances().get(u.by()).shadow().get(u.at()).generation());
        }
        state.tlbs().forEach((cpu, t) -> t.forEach((k, e) -> mark(used, e, pfn)));
        state.pins().forEach((name, p) -> p.pages().forEach(pg -> mark(used, pg, pfn)));
        state.writes().forEach((k, w) -> mark(used, w, pfn));
        holders.generationsOf(pfn, used::set);
        return used.nextClearBit(1);
    }

    private static void mark(java.util.BitSet used, FrameRef r, long pfn) {
        if (r.pfn() == pfn) {
            used.set(r.generation());
        }
    }
}
