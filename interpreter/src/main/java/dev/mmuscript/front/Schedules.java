package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of threads and their schedules: what a thread's body may hold, and in a schedule
 * ({@code run T until STEP, U}) each thread declared before, each step name beginning
 * with a kernel path, a device or a statement keyword. Whether the thread reaches the step is known only when it
 * runs (the engine reports it, with the steps the thread does take).
 */
final class Schedules {
    /** The kernel paths whose steps a schedule may name (the first word of {@code zap.range_start}). */
    static final List<String> KERNEL_PATHS = List.of("age", "cow", "exit", "fault", "fork", "gup", "iopf", "ksm",
            "madvise",
            "migrate", "mmap", "mmu_notifier_register", "mprotect", "mremap", "munmap", "oom_reap", "reclaim",
            "remap_file_pages", "writeback", "zap");
    /** Statements that run as one step of their thread, named by their keyword. */
    static final List<String> STATEMENT_STEPS = List.of("touch", "write", "read", "assert", "attach", "detach",
            "unpin", "show");

    /** The largest bound an {@code explore ... max N} may set. */
    static final long MAX_EXPLORE_STATES = 100_000_000;

    /** Statements that cannot be inside a thread. */
    private static final Set<Class<? extends Stmt>> NOT_IN_THREADS = Set.of(SemanticsStmt.class, SetStmt.class,
            IncludeStmt.class, NotifierStmt.class, DriverStmt.class, ProfileStmt.class, ThreadStmt.class,
            RunStmt.class, ExploreStmt.class, ExpectStmt.class, RequiresStmt.class, ProcessStmt.class,
            FileStmt.class);

    private final Diagnostics diags;
    private final Map<String, ThreadStmt> threads = new LinkedHashMap<>();

    Schedules(Diagnostics diags) {
        this.diags = diags;
    }

    /**
     * Whether a statement may run inside a thread: not one that says what the script is, declares what threads
     * share, or schedules; false after reporting it.
     */
    boolean runsInThread(Stmt st) {
        if (!NOT_IN_THREADS.contains(st.getClass())) {
            return true;
        }
        diags.error(st.span(), "'" + st.span().headline().split(" ")[0] + "' cannot run inside a thread",
                "expected kernel entry points, CPU accesses, device operations and assertions; declare"
                        + " processes, files, notifiers and drivers before the thread");
        return false;
    }

    void declare(ThreadStmt s) {
        threads.put(s.name().text(), s);
    }

    /** {@code devices}: the instances known at this point, whose handler steps a schedule may name. */
    void check(RunStmt s, Set<String> devices) {
        for (RunPart part : s.parts()) {
            if (!threads.containsKey(part.thread().text())) {
                diags.error(part.thread().span(), "unknown thread '" + part.thread().text() + "'"
                        + Suggest.didYouMean(part.thread().text(), threads.keySet()),
                        Suggest.known("a thread declared with 'thread NAME { ... }'", threads.keySet()));
                continue;
            }
            if (part.until() != null) {
                stepName(part.until(), devices);
            }
        }
    }

    /** {@code explore T, U}: each a declared thread, named once. */
    void check(ExploreStmt s) {
        Set<String> seen = new HashSet<>();
        for (Name t : s.threads()) {
            if (!threads.containsKey(t.text())) {
                diags.error(t.span(), "unknown thread '" + t.text() + "'" + Suggest.didYouMean(t.text(),
                        threads.keySet()), Suggest.known("a thread declared with 'thread NAME { ... }'",
                        threads.keySet()));
            } else if (!seen.add(t.text())) {
                diags.error(t.span(), "thread '" + t.text() + "' is named twice", "expected each thread once");
            }
        }
    }

    /** A step name begins with a kernel path, a device, or a statement keyword (a statement run in one step). */
    private void stepName(Name step, Set<String> devices) {
        String first = step.text().split("\\.")[0];
        if (KERNEL_PATHS.contains(first) || devices.contains(first) || STATEMENT_STEPS.contains(first)) {
            return;
        }
        Set<String> all = new HashSet<>(KERNEL_PATHS);
        all.addAll(devices);
        all.addAll(STATEMENT_STEPS);
        String near = Suggest.closest(first, all);
        String hint = near == null ? "" : "; did you mean '" + near + step.text().substring(first.length()) + "'?";
        diags.error(step.span(), "unknown step '" + step.text() + "'" + hint,
                "expected a kernel step (zap.range_start), a handler step (DEVICE.CALLBACK.KEYWORD: guest.fault.gup)"
                        + " or a statement run whole (touch); mmu steps FILE lists every step of a script's threads");
    }
}
