package dev.mmuscript.bench;

import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sequential engine's cost per statement kind: for each kind, a 1,000-statement script of it alone over 64
 * touched pages of a KVM-mirrored process, parsed once and run by the engine with events discarded (no parsing, no
 * report). Where {@link Bench}'s 1,000-statement figure says that the engine got slower, these say which statement
 * did. Times are the best of several batches, in CPU time of the benchmark's thread. Prints numbers; asserts
 * nothing. Arguments: how many batches (40), the kinds to run (those whose name starts with it; all), and the
 * profile the scripts run under (latest).
 */
public final class StatementBench {
    private StatementBench() {
    }

    /** A statement kind: its name as printed, and the statement at index {@code i} of the script. */
    private record Kind(String name, java.util.function.BiFunction<Integer, String, String> line) {
    }

    private static final Kind[] KINDS = {
        new Kind("write vm", (i, va) -> "write vm " + va + " = " + i),
        new Kind("guest fault", (i, va) -> "guest fault " + va + " write"),
        new Kind("guest write", (i, va) -> "guest write " + va + " = " + i),
        new Kind("read vm", (i, va) -> "read vm " + va),
        new Kind("zap + touch", (i, va) -> i % 2 == 0 ? "zap vm " + va : "touch vm " + va + " write"),
    };

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        String only = args.length > 1 ? args[1] : "";
        String profile = args.length > 2 ? args[2] : "latest";
        for (Kind k : KINDS) {
            if (!k.name().startsWith(only)) {
                continue;
            }
            System.out.printf(Locale.ROOT, "engine, 1,000 x %-12s %6.2f ms per run%n", k.name() + ":",
                    bestMillis(program(k, profile), batches));
        }
    }

    private static Program program(Kind k, String profile) {
        StringBuilder sb = new StringBuilder("semantics " + profile + "\nprocess vm\nmmap vm 0x10000 pages 64 rw anon\n"
                + "attach kvm to vm as guest\ntouch vm 0x10000 pages 64 write\n");
        for (int i = 5; i < 1000; i++) {
            String va = "0x" + Long.toHexString(0x10000 + (i * 7L % 64) * Range.PAGE);
            sb.append(k.line().apply(i, va)).append('\n');
        }
        return new Frontend(Path.of(".")).load(new Source("statements.mmu", sb.toString()), null);
    }

    /** The best CPU time per run over {@code batches} batches of runs (the first batches warm the JIT up). */
    private static double bestMillis(Program p, int batches) {
        int runs = 20;
        double best = Double.MAX_VALUE;
        for (int b = 0; b < batches; b++) {
            long t0 = cpu();
            for (int r = 0; r < runs; r++) {
                new Engine(p, e -> { }).run();
            }
            best = Math.min(best, (cpu() - t0) / 1e6 / runs);
        }
        return best;
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
