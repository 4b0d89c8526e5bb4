package dev.mmuscript.bench;

import dev.mmuscript.model.Range;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import dev.mmuscript.syntax.Source;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How the model scales with the number of pages (issue 9, "the model must scale"): for 64, 1,024 and 16,384 pages
 * of one process mirrored by one kvm instance, the CPU time of touching every page (a {@code touch} per 4,096
 * pages, the checker's limit), of a {@code fork} of them, and the statements per second of a kvm mix over them.
 * Each figure is the difference between a script with the measured statements and the same script without them,
 * run in-process with output discarded. Prints numbers; asserts nothing. Usage: {@code ScaleBench [PAGES...]}.
 */
public final class ScaleBench {
    private static final int MIX = 2000;
    /** The checker's limit on one touch (16 MiB): more pages take several statements. */
    private static final int TOUCH_LIMIT = 4096;
    private static final PrintWriter SINK = new PrintWriter(Writer.nullWriter());
    /** No timeout: before the model scaled, 16,384 pages took longer than the default bound. */
    private static final Options EVENTS = new Options(TextReport.Level.EVENTS, null,
            new Bounds(Long.MAX_VALUE, Duration.ofHours(1), false));

    private ScaleBench() {
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {64, 1024, 16384} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        for (int w = 0; w < 3; w++) {
            measure(64, false);
        }
        System.out.printf(Locale.ROOT, "%8s %14s %14s %18s%n", "pages", "touch all (ms)", "fork (ms)",
                "kvm mix (stmt/s)");
        for (int pages : sizes) {
            measure(pages, true);
        }
    }

    private static void measure(int pages, boolean print) {
        String setup = "semantics latest\nprocess vm\nmmap vm 0x10000 pages " + pages + " rw anon\n"
                + "attach kvm to vm as guest\n";
        StringBuilder touch = new StringBuilder();
        for (int done = 0; done < pages; done += TOUCH_LIMIT) {
            touch.append("touch vm 0x").append(Long.toHexString(0x10000 + done * Range.PAGE)).append(" pages ")
                    .append(Math.min(TOUCH_LIMIT, pages - done)).append(" write\n");
        }
        double touchNs = cost(setup, touch.toString());
        double forkNs = cost(setup + touch, "fork vm as child\n");
        double mixNs = cost(setup + touch, mix(pages));
        if (print) {
            System.out.printf(Locale.ROOT, "%8d %14.2f %14.2f %,18.0f%n", pages, touchNs / 1e6, forkNs / 1e6,
                    MIX / (mixNs / 1e9));
        }
    }

    /** The KVM mix of Bench.thousand, spread over every page: CPU and guest writes and reads, guest faults, zaps. */
    private static String mix(int pages) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < MIX; i++) {
            String va = "0x" + Long.toHexString(0x10000 + (i * 7919L % pages) * Range.PAGE);
            switch (i % 5) {
                case 0 -> sb.append("write vm ").append(va).append(" = ").append(i).append('\n');
                case 1 -> sb.append("guest fault ").append(va).append(" write\n");
                case 2 -> sb.append("guest write ").append(va).append(" = ").append(i).append('\n');
                case 3 -> sb.append("read vm ").append(va).append('\n');
                default -> sb.append("zap vm ").append(va).append('\n');
            }
        }
        return sb.toString();
    }

    /** CPU nanoseconds of {@code measured} after {@code base}: runs both until a second has passed, at least once. */
    private static double cost(String base, String measured) {
        Source without = new Source("base.mmu", base);
        Source with = new Source("scale.mmu", base + measured);
        long spentWith = 0;
        long spentWithout = 0;
        int rounds = 0;
        while (rounds == 0 || spentWith < 1_000_000_000L && rounds < 1000) {
            long t0 = cpu();
            int passed = Runner.run(with, Path.of("."), EVENTS, SINK, SINK);
            long t1 = cpu();
            passed = Math.max(passed, Runner.run(without, Path.of("."), EVENTS, SINK, SINK));
            long t2 = cpu();
            if (passed != Runner.PASSED) {
                throw new IllegalStateException("the benchmark script did not pass:\n" + base + measured);
            }
            spentWith += t1 - t0;
            spentWithout += t2 - t1;
            rounds++;
        }
        return Math.max(0, (double) (spentWith - spentWithout) / rounds);
    }
}
