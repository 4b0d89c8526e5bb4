package dev.mmuscript.model;

import java.util.List;

/**
 * What {@link MachineState} derives from its content so that every per-page question is O(log n): the free frames
 * (lowest first, for the allocator), and who uses each frame (PTEs, shadow entries, page-cache slots, by
 * {@link PfnUse}). A function of the frames, processes, instances and files alone, so it takes no part in equality
 * or fingerprints; each {@code with...} follows a change by diffing the old and new maps ({@link PMap#diff}).
 */
record ReverseMaps(PMap<Long, Boolean> free, PMap<PfnUse, Boolean> ptes, PMap<PfnUse, Boolean> shadows,
        PMap<PfnUse, Boolean> cache) {
    static final ReverseMaps EMPTY = new ReverseMaps(PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty());

    /** The uses of frame {@code pfn} in one reverse map, in user and place order. */
    static List<PfnUse> usesOf(PMap<PfnUse, Boolean> map, long pfn) {
        return map.keysIn(PfnUse.first(pfn), PfnUse.first(pfn + 1));
    }

    ReverseMaps frames(PMap<Long, Frame> was, PMap<Long, Frame> now) {
        FreeList list = new FreeList(free);
        was.diff(now, list);
        return list.free == free ? this : new ReverseMaps(list.free, ptes, shadows, cache);
    }

    ReverseMaps frame(Frame was, Frame now) {
        boolean wasFree = was != null && was.isFree();
        if (wasFree == now.isFree()) {
            return this;
        }
        return new ReverseMaps(now.isFree() ? free.put(now.pfn(), true) : free.remove(now.pfn()), ptes, shadows,
                cache);
    }

    /** A PTE of {@code proc} at {@code va} went from frame {@code from} to frame {@code to} (-1: none). */
    ReverseMaps pte(String proc, long va, long from, long to) {
        if (from == to) {
            return this;
        }
        PMap<PfnUse, Boolean> map = from < 0 ? ptes : ptes.remove(new PfnUse(from, proc, va));
        map = to < 0 ? map : map.put(new PfnUse(to, proc, va), true);
        return new ReverseMaps(free, map, shadows, cache);
    }

    /** A shadow entry of {@code inst} at {@code va} went from frame {@code from} to frame {@code to} (-1: none). */
    ReverseMaps shadow(String inst, long va, long from, long to) {
        if (from == to) {
            return this;
        }
        PMap<PfnUse, Boolean> map = from < 0 ? shadows : shadows.remove(new PfnUse(from, inst, va));
        map = to < 0 ? map : map.put(new PfnUse(to, inst, va), true);
        return new ReverseMaps(free, ptes, map, cache);
    }

    ReverseMaps proc(String name, PMap<Long, Pte> was, PMap<Long, Pte> now) {
        if (was == now) {
            return this;
        }
        Uses uses = new Uses(ptes);
        uses.follow(name, was, now, Pte::pfn);
        return new ReverseMaps(free, uses.map, shadows, cache);
    }

    ReverseMaps instance(String name, PMap<Long, ShadowEntry> was, PMap<Long, ShadowEntry> now) {
        if (was == now) {
            return this;
        }
        Uses uses = new Uses(shadows);
        uses.follow(name, was, now, ShadowEntry::pfn);
        return new ReverseMaps(free, ptes, uses.map, cache);
    }

    ReverseMaps file(String name, PMap<Long, Long> was, PMap<Long, Long> now) {
        if (was == now) {
            return this;
        }
        Uses uses = new Uses(cache);
        uses.follow(name, was, now, Long::longValue);
        return new ReverseMaps(free, ptes, shadows, uses.map);
    }

    /** The free frames brought up to date with the changes of the frame table. */
    private static final class FreeList implements PMap.Changes<Long, Frame> {
        private PMap<Long, Boolean> free;

        FreeList(PMap<Long, Boolean> free) {
            this.free = free;
        }

        @Override
        public void removed(Long pfn, Frame old) {
            free = free.remove(pfn);
        }

        @Override
        public void added(Long pfn, Frame frame) {
            free = frame.isFree() ? free.put(pfn, true) : free;
        }

        @Override
        public void changed(Long pfn, Frame old, Frame frame) {
            free = frame.isFree() ? free.put(pfn, true) : free.remove(pfn);
        }
    }

    ReverseMaps procs(PMap<String, Process> was, PMap<String, Process> now) {
        Uses uses = new Uses(ptes);
        was.diff(now, new PMap.Changes<>() {
            @Override
            public void removed(String name, Process old) {
                uses.follow(name, old.ptes(), PMap.empty(), Pte::pfn);
            }

            @Override
            public void added(String name, Process p) {
                uses.follow(name, PMap.empty(), p.ptes(), Pte::pfn);
            }

            @Override
            public void changed(String name, Process old, Process p) {
                uses.follow(name, old.ptes(), p.ptes(), Pte::pfn);
            }
        });
        return uses.map == ptes ? this : new ReverseMaps(free, uses.map, shadows, cache);
    }

    ReverseMaps instances(PMap<String, Instance> was, PMap<String, Instance> now) {
        Uses uses = new Uses(shadows);
        was.diff(now, new PMap.Changes<>() {
            @Override
            public void removed(String name, Instance old) {
                uses.follow(name, old.shadow(), PMap.empty(), ShadowEntry::pfn);
            }

            @Override
            public void added(String name, Instance i) {
                uses.follow(name, PMap.empty(), i.shadow(), ShadowEntry::pfn);
            }

            @Override
            public void changed(String name, Instance old, Instance i) {
                uses.follow(name, old.shadow(), i.shadow(), ShadowEntry::pfn);
            }
        });
        return uses.map == shadows ? this : new ReverseMaps(free, ptes, uses.map, cache);
    }

    ReverseMaps files(PMap<String, FileState> was, PMap<String, FileState> now) {
        Uses uses = new Uses(cache);
        was.diff(now, new PMap.Changes<>() {
            @Override
            public void removed(String name, FileState old) {
                uses.follow(name, old.cache(), PMap.empty(), Long::longValue);
            }

            @Override
            public void added(String name, FileState f) {
                uses.follow(name, PMap.empty(), f.cache(), Long::longValue);
            }

            @Override
            public void changed(String name, FileState old, FileState f) {
                uses.follow(name, old.cache(), f.cache(), Long::longValue);
            }
        });
        return uses.map == cache ? this : new ReverseMaps(free, ptes, shadows, uses.map);
    }

    /** One reverse map being brought up to date with the changes of one user's table (place -> entry). */
    private static final class Uses {
        private PMap<PfnUse, Boolean> map;

        Uses(PMap<PfnUse, Boolean> map) {
            this.map = map;
        }

        <E> void follow(String by, PMap<Long, E> was, PMap<Long, E> now, java.util.function.ToLongFunction<E> pfn) {
            was.diff(now, new PMap.Changes<>() {
                @Override
                public void removed(Long at, E old) {
                    map = map.remove(new PfnUse(pfn.applyAsLong(old), by, at));
                }

                @Override
                public void added(Long at, E e) {
                    map = map.put(new PfnUse(pfn.applyAsLong(e), by, at), true);
                }

                @Override
                public void changed(Long at, E old, E e) {
                    long from = pfn.applyAsLong(old);
                    long to = pfn.applyAsLong(e);
                    if (from != to) {
                        map = map.remove(new PfnUse(from, by, at)).put(new PfnUse(to, by, at), true);
                    }
                }
            });
        }
    }
}
