package dev.mmuscript.kernel;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.ops.Prefixed;
import java.util.List;

/**
 * The registers of a loop over pages (reclaim, migration, writeback): the path, the frames (or, for writeback, the
 * file's page indexes) and where the loop is, the page at hand, what its rmap walk left behind, and the frame it
 * was copied to (migration).
 */
record PageLoop(String path, String file, List<Long> todo, int i, long pfn, TryToUnmap.Walk walk, long copy)
        implements Fingerprint.Fingerprinted, Prefixed {
    static PageLoop start(String path, List<Long> todo) {
        return new PageLoop(path, null, List.copyOf(todo), 0, -1, null, -1);
    }

    @Override
    public String prefix() {
        return path;
    }

    PageLoop ofFile(String f) {
        return new PageLoop(path, f, todo, i, pfn, walk, copy);
    }

    boolean done() {
        return i >= todo.size();
    }

    long item() {
        return todo.get(i);
    }

    PageLoop at(long p) {
        return new PageLoop(path, file, todo, i, p, null, -1);
    }

    PageLoop walked(TryToUnmap.Walk w) {
        return new PageLoop(path, file, todo, i, pfn, w, copy);
    }

    PageLoop copied(long c) {
        return new PageLoop(path, file, todo, i, pfn, walk, c);
    }

    PageLoop next() {
        return new PageLoop(path, file, todo, i + 1, -1, null, -1);
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x7C934F3A033CAC2L;
        h = Fingerprint.add(h, path);
        h = Fingerprint.add(h, file);
        h = Fingerprint.add(h, todo);
        h = Fingerprint.add(h, i);
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, walk);
        h = Fingerprint.add(h, copy);
        return h;
    }
}
