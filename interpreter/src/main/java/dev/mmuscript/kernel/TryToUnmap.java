package dev.mmuscript.kernel;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Pte;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Prefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * try_to_unmap / rmap_walk (mm/rmap.c) over the mappers of one page, each by try_to_unmap_one (page_mkclean_one
 * for writeback, which skips a mapping that is neither writable nor dirty). Returns the walk: the deferred flushes
 * and, for migration, which mappings were writable.
 */
final class TryToUnmap {
    private final Machine m;
    private final Kernel kernel;
    private final Code tryToUnmapOne;
    private final Code code;

    TryToUnmap(Machine m, Kernel kernel, Code tryToUnmapOne) {
        this.m = m;
        this.kernel = kernel;
        this.tryToUnmapOne = tryToUnmapOne;
        this.code = build();
    }

    /**
     * The registers of the walk over one page: each mapper in turn, whether it was writable before (migration
     * restores it), and the mappers whose CPU flush was deferred (reclaim's batch).
     */
    record Walk(String path, Rmap.Unmap how, List<PageKey> mappers, int i, List<Boolean> writable,
            List<PageKey> pending) implements Fingerprint.Fingerprinted, Prefixed {
        static Walk start(String path, Rmap.Unmap how, List<PageKey> mappers) {
            return new Walk(path, how, List.copyOf(mappers), 0, List.of(), List.of());
        }

        @Override
        public String prefix() {
            return path;
        }

        boolean done() {
            return i >= mappers.size();
        }

        PageKey mapper() {
            return mappers.get(i);
        }

        Walk sawWritable(boolean w) {
            return new Walk(path, how, mappers, i, append(writable, w), pending);
        }

        Walk deferred(boolean d) {
            return d ? new Walk(path, how, mappers, i, writable, append(pending, mapper())) : this;
        }

        Walk next() {
            return new Walk(path, how, mappers, i + 1, writable, pending);
        }

        private static <T> List<T> append(List<T> list, T x) {
            List<T> out = new ArrayList<>(list);
            out.add(x);
            return List.copyOf(out);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x40F6C5F3D8ACBE70L;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, how);
            h = Fingerprint.add(h, mappers);
            h = Fingerprint.add(h, i);
            h = Fingerprint.add(h, writable);
            h = Fingerprint.add(h, pending);
            return h;
        }
    }

    /** The walk over the mappers of the page a loop is at. */
    Invocation of(PageLoop p, Rmap.Unmap how) {
        return new Invocation(code, Walk.start(p.path(), how, m.mappers(p.pfn())));
    }

    private Code build() {
        return Builder.path("try_to_unmap")
                .label("next")
                .branch((c, r) -> ((Walk) r).done(), "done")
                .local((c, r) -> {
                    Walk w = (Walk) r;
                    return w.sawWritable(pte(w.mapper()).writable());
                })
                .branch((c, r) -> skips((Walk) r), "advance")
                .call((c, r) -> one((Walk) r), (c, r, deferred) -> ((Walk) r).deferred((Boolean) deferred))
                .label("advance")
                .local((c, r) -> ((Walk) r).next())
                .jump("next")
                .label("done")
                .ret((c, r) -> r)
                .build();
    }

    /** page_mkclean_one has nothing to do for a mapping that is neither writable nor dirty. */
    private boolean skips(Walk w) {
        Pte pte = pte(w.mapper());
        return w.how() == Rmap.Unmap.MKCLEAN && !pte.writable() && !pte.dirty();
    }

    private Pte pte(PageKey k) {
        return m.process(k.proc()).ptes().get(k.va());
    }

    private Invocation one(Walk w) {
        boolean defer = w.how() == Rmap.Unmap.SWAP && kernel.semantics().deferredFlush();
        return new Invocation(tryToUnmapOne,
                new TryToUnmapOne.One(w.path(), w.mapper().proc(), w.mapper().va(), w.how(), defer));
    }
}
