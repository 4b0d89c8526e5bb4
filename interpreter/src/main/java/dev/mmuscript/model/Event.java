package dev.mmuscript.model;

/**
 * What happened, as data: the kernel, drivers and engine emit events; the report turns them into text.
 * Events of level STEPS are shown only with {@code --trace steps}; events of level HIDDEN by no trace (the step
 * names say as much), only to what draws a run ({@code --timeline}).
 */
public sealed interface Event {
    enum Level { EVENTS, STEPS, HIDDEN }

    default Level level() {
        return Level.EVENTS;
    }

    /** A statement begins; {@code where} is its line, or file:line for an included file. */
    record Statement(String where, String text) implements Event {
    }

    /**
     * A step taken: its name is {@code head.tail} (or one of them alone when the other is empty), joined only when
     * something reads it, so that a run that prints no steps builds no step names (most runs, and every step of a
     * sequential run whose trace is not at the steps level). Equal when the names are.
     */
    record Step(String head, String tail) implements Event {
        /** A step named in one piece. */
        public Step(String name) {
            this(name, "");
        }

        public String name() {
            return tail.isEmpty() ? head : head.isEmpty() ? tail : head + "." + tail;
        }

        public Level level() {
            return Level.STEPS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Step s && name().equals(s.name());
        }

        @Override
        public int hashCode() {
            return name().hashCode();
        }

        @Override
        public String toString() {
            return "Step[name=" + name() + "]";
        }
    }

    record Alloc(long pfn, String owner) implements Event {
    }

    record Free(long pfn) implements Event {
    }

    record PteSet(String proc, long va, long pfn, String mode) implements Event {
    }

    record PteChange(String proc, long va, long pfn, String from, String to) implements Event {
    }

    record PteClear(String proc, long va, long pfn) implements Event {
    }

    record TlbFlush(String proc, Range range, int entries, String why) implements Event {
    }

    record Call(String inst, String callback, String args, String mode, String result) implements Event {
    }

    record Skipped(String inst, String callback, String args, String reason) implements Event {
    }

    record ShadowSet(String inst, long va, long pfn, boolean writable) implements Event {
    }

    record ShadowClear(String inst, long va, long pfn) implements Event {
    }

    /** get_user_pages (a reference, {@code pin} false) or pin_user_pages ({@code pin} true) of one page. */
    record GupTaken(String holder, long va, long pfn, boolean pin) implements Event {
    }

    record GupReleased(String holder, long va, long pfn, boolean pin) implements Event {
    }

    /** The mmu_gather dropped the page table's reference, but others remain: the frame is not freed. */
    record FrameKept(long pfn, int refs) implements Event {
    }

    /** A script's gup stopped at a page it could not pin. */
    record PinIncomplete(String pin) implements Event {
    }

    record Segv(String proc, long va, String access, String why) implements Event {
    }

    record Access(String who, boolean write, long va, long pfn, long value) implements Event {
    }

    record VarSet(String inst, String var, long from, long to) implements Event {
        public Level level() {
            return Level.STEPS;
        }
    }

    record VmaAdded(String proc, Range range, String prot, String backing) implements Event {
    }

    record FileCreated(String file, long pages) implements Event {
    }

    /** A page went to swap: the PTE now holds a swap entry that remembers the content. */
    record SwapOut(String proc, long va, long pfn) implements Event {
    }

    record SwapIn(String proc, long va, long pfn) implements Event {
    }

    /** A zap freed a swap entry (zap_pte_range's free_swap_and_cache): the old content is gone. */
    record SwapFreed(String proc, long va) implements Event {
    }

    /** A PTE replaced by a migration entry while the page is copied. */
    record MigrationEntry(String proc, long va, long pfn) implements Event {
    }

    /** A page's content copied to a new frame: COW, migration or a swap-in. */
    record Copied(long from, long to, String why) implements Event {
    }

    record WrittenBack(String file, long index, long pfn, long value) implements Event {
    }

    record PageCacheDrop(String file, long index, long pfn) implements Event {
    }

    record Forked(String parent, String child) implements Event {
    }

    record PteMoved(String proc, long from, long to, long pfn) implements Event {
    }

    record Remapped(String proc, long va, String file, long index) implements Event {
    }

    /** An entry point that does not exist in this era (KSM before 2.6.32). */
    record NotInEra(String what, String why) implements Event {
    }

    record NotMerged(String proc, long va, String why) implements Event {
    }

    /** Reclaim cleared a PTE without flushing the TLBs yet (TTU_BATCH_FLUSH). */
    record FlushDeferred(String proc, long va) implements Event {
    }

    /** A device walked the CPU page table itself (no reference taken). */
    record Walked(String inst, long va, long pfn, boolean writable) implements Event {
    }

    /** The interval-notifier sequence of an mm moved (5.5 on). */
    record ItreeSeq(String proc, long from, long to) implements Event {
        public Level level() {
            return Level.STEPS;
        }
    }

    record Registered(String inst, String driver, String proc) implements Event {
    }

    record Unregistered(String inst) implements Event {
    }

    /** A callback answered something other than 0 (EAGAIN). */
    record Returned(String inst, String callback, String result) implements Event {
    }

    /** Some notifiers' non-blocking invalidate_range_start failed. */
    record StartFailed(java.util.List<String> insts) implements Event {
    }

    record NoReaper() implements Event {
    }

    record ReaperSkipsMm(String proc, java.util.List<String> notifiers, String why) implements Event {
    }

    record ReaperSkipsVma(String proc, Range range) implements Event {
    }

    record ReaperWithoutNotifiers(String proc, Range range) implements Event {
    }

    record PinOutlivesMm(String pin, int pages, String proc) implements Event {
    }

    /** A device's gup failed with {@code errno} (EFAULT, or EPERM from hmm_range_fault). */
    record GupFailed(String holder, long va, String errno) implements Event {
    }

    record Retry(String inst, long va) implements Event {
    }

    /**
     * B11: {@code inst}'s change_pte for {@code va} arrives after its invalidate_range_start of the page and before
     * the end (3.7-6.9, change_pte = inside_start_end): a driver that dropped the page in range_start has nothing
     * left to change, which is why 6.10 removed the callback (997308f9ae72).
     */
    record ChangePteInsideStart(String inst, long va) implements Event {
    }

    record NoTranslation(String inst, long va, boolean write) implements Event {
    }

    /** The run's profile differs from the script's {@code semantics} line. */
    record Overridden(String profile) implements Event {
    }

    /** A statement whose {@code if semantics} does not hold for this profile. */
    record NotThisEra(String profile, boolean expectation) implements Event {
    }

    /**
     * A warning the kernel would print (a WARN_ON of mm/mmu_notifier.c) or that a handler earns: it does not fail a
     * run unless the run says {@code --werror}; {@code expect warning KIND} expects one. {@code kind} is its stable
     * name (as the JSON event type), {@code mmu} the notifier it names.
     */
    interface Warning {
        String KIND_EAGAIN_IGNORED = "eagain-ignored";
        String KIND_END_ON_FAILING_NOTIFIER = "end-on-failing-notifier";
        String KIND_RETURNED_HOLDING = "returned-holding";
        java.util.List<String> KINDS = java.util.List.of(KIND_EAGAIN_IGNORED, KIND_END_ON_FAILING_NOTIFIER,
                KIND_RETURNED_HOLDING);

        String kind();

        String inst();
    }

    record EagainIgnored(String inst, String callback) implements Event, Warning {
        public String kind() {
            return KIND_EAGAIN_IGNORED;
        }
    }

    record EndOnFailingNotifier(String inst) implements Event, Warning {
        public String kind() {
            return KIND_END_ON_FAILING_NOTIFIER;
        }
    }

    record ReturnedHolding(String inst, String callback, String lock) implements Event, Warning {
        public String kind() {
            return KIND_RETURNED_HOLDING;
        }
    }

    /**
     * A thread took a lock: {@code owner}'s {@code lock} ({@code vm}'s {@code mmap_lock}, {@code guest}'s
     * {@code mmu_lock}), {@code mode} "read" or "write" for an mmap_lock, else "". Hidden from traces.
     */
    record LockTaken(String thread, String owner, String lock, String mode) implements Event {
        public Level level() {
            return Level.HIDDEN;
        }

        /** How reports name the lock: {@code vm.mmap_lock (read)}, {@code vm.ptl}, {@code guest.mmu_lock}. */
        public String describe() {
            return Event.describe(owner, lock, mode);
        }
    }

    /**
     * A thread released a lock (as {@link LockTaken} names it); {@code withNextStep} when the release is no step of
     * its own but part of the thread's next step (a handler's {@code unlock}, whose step event follows it). Hidden
     * from traces.
     */
    record LockReleased(String thread, String owner, String lock, String mode, boolean withNextStep)
            implements Event {
        public Level level() {
            return Level.HIDDEN;
        }

        public String describe() {
            return Event.describe(owner, lock, mode);
        }
    }

    private static String describe(String owner, String lock, String mode) {
        return owner + "." + lock + (mode.isEmpty() ? "" : " (" + mode + ")");
    }

    record ViolationFound(Violation violation, boolean expected) implements Event {
    }

    record AssertResult(boolean passed, String text, String detail) implements Event {
    }

    record ShowLine(String text) implements Event {
    }

    /** A thread begins one of its statements ({@code where} is the statement's line). */
    record ThreadRuns(String thread, String where, String text) implements Event {
    }

    /** A {@code run ... until STEP} part ends: the thread has completed the step and waits there. */
    record ThreadStopped(String thread, String step) implements Event {
    }

    /** A {@code run} part continues a thread that an earlier part stopped after {@code step}. */
    record ThreadResumed(String thread, String step) implements Event {
    }

    record ThreadFinished(String thread) implements Event {
    }

    /** A thread cannot take its next step: it waits for a lock ({@code holder} holds it, "" if unknown). */
    record ThreadBlocked(String thread, String lock, String holder) implements Event {
    }

    /** At the end of the script, a thread that never ran to its end, and the last step it completed. */
    record ThreadLeft(String thread, String at) implements Event {
    }

    /**
     * An {@code explore} ended: how many worlds it visited and transitions it took, the depth it reached, and what
     * it found ({@code "no violation"}, {@code "violation KIND"}, or {@code "UNKNOWN"} at its bound of {@code bound}
     * states or, when not 0, {@code maxDepth} steps).
     */
    record Explored(long states, long transitions, int depth, String found, long bound, int maxDepth)
            implements Event {
    }

    /** The shortest schedule an explore found to a violation, as a {@code run} statement to paste into a script. */
    record ScheduleFound(String run) implements Event {
    }

    /** An explore gives the state back: the script goes on from the world before it. */
    record ExploreUndone() implements Event {
    }
}
