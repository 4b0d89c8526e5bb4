package dev.mmuscript.kernel;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.Intervals;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * An mm's notifier subscriptions (mm->notifier_subscriptions, mm/mmu_notifier.c): the notifiers on its hlist, in
 * the order a dispatch calls them, and the interval notifiers in its interval tree, in the tree's order.
 */
final class Subscriptions {
    private final Machine m;
    private final Drivers drivers;

    Subscriptions(Machine m, Drivers drivers) {
        this.m = m;
        this.drivers = drivers;
    }

    /** The notifiers on the hlist (not those that are only interval notifiers). */
    List<String> notifiers(String proc) {
        List<String> all = m.mms().notifiers(proc);
        List<String> out = null;
        for (int i = 0; i < all.size(); i++) {
            boolean listed = drivers.onList(all.get(i));
            if (!listed && out == null) {
                out = new ArrayList<>(all.subList(0, i));
            } else if (listed && out != null) {
                out.add(all.get(i));
            }
        }
        return out == null ? all : out;    // the mm's own (immutable) list when it has no interval notifier
    }

    /**
     * The interval notifiers in the order of the mm's interval tree: by start, and, for equal starts, in insertion
     * order (interval_tree_insert links an equal start to the right: include/linux/interval_tree_generic.h). Every
     * interval notifier covers the same range today, so that is registration order: the hlist's order reversed.
     */
    List<String> intervals(String proc) {
        List<String> out = new ArrayList<>();
        for (String inst : m.mms().notifiers(proc)) {
            if (drivers.isInterval(inst)) {
                out.add(0, inst);
            }
        }
        return out;
    }

    /**
     * The interval notifiers an invalidation of {@code range} reaches: those whose interval overlaps it
     * (mn_itree_inv_start_range and mn_itree_inv_next walk interval_tree_iter_first/next over
     * {@code [range->start, range->end - 1]}).
     */
    List<String> intervalsOver(String proc, Range range) {
        List<String> out = new ArrayList<>();
        for (String inst : intervals(proc)) {
            if (Intervals.covers(m.mmus().instance(inst), range)) {
                out.add(inst);
            }
        }
        out.sort(java.util.Comparator.comparingLong(inst -> Intervals.of(m.mmus().instance(inst)).start()));
        return out;
    }

}
