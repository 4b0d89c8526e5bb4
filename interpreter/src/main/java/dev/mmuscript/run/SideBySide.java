package dev.mmuscript.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Jobs run side by side ({@code --threads N}: scripts, tests, the rows of a matrix): up to N at once, each on a
 * thread of its own, their results handed on in the order of the jobs as each is ready, so that what is printed,
 * and the exit code, are those of the same jobs run one after another. A script's run shares nothing with
 * another's: each has its own front end, machine, compiled kernel paths and handlers, and explorer (what is shared
 * is immutable or a cache safe to race on: the parsed stdlib, the fingerprints of strings).
 */
public final class SideBySide {
    /** The most threads {@code --threads} takes. */
    public static final int MAX_THREADS = 64;

    /** One script's run: its exit code, from what it printed on each stream. */
    @FunctionalInterface
    public interface Run {
        int run(PrintWriter out, PrintWriter err);
    }

    private SideBySide() {
    }

    /** Whether {@code threads} is a number --threads takes; if not, says so on {@code err}. */
    public static boolean valid(int threads, PrintWriter err) {
        if (threads >= 1 && threads <= MAX_THREADS) {
            return true;
        }
        err.println("mmu: error: --threads must be from 1 to " + MAX_THREADS + ", not " + threads);
        return false;
    }

    /**
     * Runs {@code runs} on up to {@code threads} threads, printing what each printed on {@code out} and {@code err}
     * in their order, as soon as it and those before it have ended; returns their exit codes, in that order.
     */
    public static List<Integer> run(List<Run> runs, int threads, PrintWriter out, PrintWriter err) {
        List<Supplier<Printed>> jobs = new ArrayList<>();
        for (Run r : runs) {
            jobs.add(() -> Printed.of(r));
        }
        List<Integer> codes = new ArrayList<>();
        inOrder(jobs, threads, p -> {
            out.print(p.out());
            out.flush();
            err.print(p.err());
            err.flush();
            codes.add(p.code());
        });
        return codes;
    }

    /**
     * Runs {@code jobs} on up to {@code threads} threads, and no more than the machine has cores (more would only
     * hold more runs in memory at once), and hands each result to {@code each} on this thread, in the order of the
     * jobs. A job that throws is a bug of ours: its exception is thrown here, in its turn.
     */
    public static <T> void inOrder(List<Supplier<T>> jobs, int threads, Consumer<T> each) {
        inOrder(jobs, threads, Runtime.getRuntime().availableProcessors(), each);
    }

    /** As above, on a machine of {@code cores} cores. */
    static <T> void inOrder(List<Supplier<T>> jobs, int threads, int cores, Consumer<T> each) {
        int workers = Math.min(Math.min(threads, cores), jobs.size());
        if (workers <= 1) {
            jobs.forEach(j -> each.accept(j.get()));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemons());
        try {
            List<Future<T>> pending = new ArrayList<>();
            for (Supplier<T> j : jobs) {
                pending.add(pool.submit(j::get));
            }
            for (Future<T> f : pending) {
                each.accept(result(f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What a run printed on each stream, and its exit code. */
    private record Printed(int code, String out, String err) {
        static Printed of(Run r) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            PrintWriter o = new PrintWriter(out);
            PrintWriter e = new PrintWriter(err);
            int code = r.run(o, e);
            o.flush();
            e.flush();
            return new Printed(code, out.toString(), err.toString());
        }
    }

    /** Threads that do not keep the JVM up, named for a thread dump: mmu-job-1, mmu-job-2, ... */
    private static ThreadFactory daemons() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mmu-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
