package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;

/**
 * An instance's interval notifier (5.5 on, mm/mmu_notifier.c): the range it covers in the mm's interval tree, and
 * the handler built-ins that insert and remove it. An instance whose driver has an {@code invalidate} handler is
 * inserted over the whole address space when it is attached (as lib/test_hmm.c's dmirror_fops_open inserts
 * {@code 0..ULONG_MAX}); {@code interval_insert(start, length)} puts it at {@code [start, start + length)}, and
 * {@code interval_remove()} takes it out of the tree. The range is kept in the instance's variables
 * {@code interval_start} and {@code interval_end}, absent while it is the whole address space.
 */
public final class Intervals {
    /** The whole address space: the range of an interval notifier inserted at attach. */
    public static final Range ALL = new Range(0, 1L << 47);
    static final String START = "interval_start";
    static final String END = "interval_end";

    private Intervals() {
    }

    /** The range an instance's interval covers (empty once removed). */
    public static Range of(Instance i) {
        Long end = i.vars().get(END);
        if (end == null) {
            return ALL;
        }
        return new Range(i.vars().get(START), end);
    }

    /** Whether an invalidation of {@code range} reaches the instance's interval (interval_tree_iter_first). */
    public static boolean covers(Instance i, Range range) {
        Range r = of(i);
        return r.start() < r.end() && r.overlaps(range);
    }

    /**
     * mmu_interval_notifier_insert (__mmu_interval_notifier_insert): the interval at {@code [start, start+length)},
     * page-aligned; its sequence is the mm's, made odd, if an invalidation is open (read_begin then waits for its
     * end), else the mm's minus one (not invalidating). 0, or -EOVERFLOW (-75) for an empty or overflowing range.
     */
    static long insert(Machine m, String inst, long start, long length) {
        long lo = start & ~(Range.PAGE - 1);
        long hi = (start + length + Range.PAGE - 1) & ~(Range.PAGE - 1);
        if (length <= 0 || hi <= lo || hi > ALL.end()) {
            return -75;
        }
        Instance i = m.mmus().instance(inst);
        Process p = m.process(i.proc());
        long seq;
        if (p.itreeActive() > 0) {
            seq = p.itreeSeq() | 1;
            if (seq != p.itreeSeq()) {
                m.emit(new Event.ItreeSeq(p.name(), p.itreeSeq(), seq));
                m.put(p.withItree(seq, p.itreeActive()));
            }
        } else {
            seq = p.itreeSeq() - 1;
        }
        m.mmus().put(i.withVar(START, lo).withVar(END, hi).withVar(Drivers.INTERVAL_SEQ, seq));
        return 0;
    }

    /** mmu_interval_notifier_remove: out of the interval tree, so no invalidation reaches it any more. */
    static long remove(Machine m, String inst) {
        m.mmus().put(m.mmus().instance(inst).withVar(START, 0).withVar(END, 0));
        return 0;
    }
}
