package dev.mmuscript.bench;

import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.PMap;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import dev.mmuscript.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reports three figures: how fast the machine state can be snapshotted, changed and hashed (what the explorer
 * will do millions of times), how fast the examples run end to end, and a 1,000-statement script. Times are CPU
 * time of the benchmark's thread. Prints numbers; asserts nothing.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * The CPU time of this thread, in nanoseconds: on a shared machine wall time measures the neighbours too, so the
     * figures are per CPU second.
     */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws IOException {
        Path examples = Path.of(args.length > 0 ? args[0] : "examples");
        states(64);
        states(1024);
        scripts(examples);
        thousand();
    }

    /**
     * A 1,000-statement script of the KVM mix (CPU writes and reads, guest faults, device writes, zaps) over 64
     * pages, run in-process with output discarded: the sequential engine's cost per statement.
     */
    static void thousand() {
        StringBuilder sb = new StringBuilder("semantics latest\nprocess vm\nmmap vm 0x10000 pages 64 rw anon\n"
                + "attach kvm to vm as guest\n");
        for (int i = 4; i < 1000; i++) {
            String va = "0x" + Long.toHexString(0x10000 + (i * 7L % 64) * Range.PAGE);
            switch (i % 5) {
                case 0 -> sb.append("write vm ").append(va).append(" = ").append(i).append('\n');
                case 1 -> sb.append("guest fault ").append(va).append(" write\n");
                case 2 -> sb.append("guest write ").append(va).append(" = ").append(i).append('\n');
                case 3 -> sb.append("read vm ").append(va).append('\n');
                default -> sb.append("zap vm ").append(va).append('\n');
            }
        }
        dev.mmuscript.syntax.Source src = new dev.mmuscript.syntax.Source("thousand.mmu", sb.toString());
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Options events = new Options(TextReport.Level.EVENTS, null);
        // The best of several batches after two to warm up: one batch alone moved by a third from run to run.
        int rounds = 40;
        long best = Long.MAX_VALUE;
        for (int batch = 0; batch < 8; batch++) {
            long t0 = cpu();
            for (int r = 0; r < rounds; r++) {
                Runner.run(src, Path.of("."), events, sink, sink);
            }
            if (batch >= 2) {
                best = Math.min(best, cpu() - t0);
            }
        }
        System.out.printf(Locale.ROOT, "script of 1,000 statements (kvm mix, 64 pages): %.2f ms per run,"
                + " %,.0f statements per second%n", best / 1e6 / rounds, 1000.0 * rounds / (best / 1e9));
    }

    /** A machine with {@code pages} mapped pages mirrored by one device: snapshot, one PTE change, hash, store. */
    static void states(int pages) {
        Machine m = new Machine();
        m.put(Process.create("vm"));
        Process p = m.process("vm");
        m.put(p.withVmas(p.vmas().put(0x10000L, new dev.mmuscript.model.Vma(new Range(0x10000, 0x10000
                + pages * Range.PAGE), Prot.parse("rw"), false))));
        // Through the state value, not the machine's views, so that bench/run --base builds this against older trees.
        m.restore(m.state().withInstance(new Instance("guest", "kvm", "vm", PMap.empty(), PMap.empty(), PMap.empty(),
                List.of(), true)));
        for (int i = 0; i < pages; i++) {
            long va = 0x10000 + i * Range.PAGE;
            long pfn = m.alloc("anon").pfn();
            m.mapPte("vm", va, pfn, true, true);
            m.restore(m.state().withShadow("guest", va, new ShadowEntry(pfn, 1, true, false)));
        }
        int rounds = 200_000;
        Set<MachineState> seen = new HashSet<>();
        long hashes = 0;
        for (int warm = 0; warm < 2; warm++) {
            seen.clear();
            long t0 = cpu();
            MachineState base = m.state();
            for (int r = 0; r < rounds; r++) {
                m.restore(base);
                long va = 0x10000 + (r % pages) * Range.PAGE;
                m.updatePte("vm", va, m.process("vm").ptes().get(va).withDirty(r % 2 == 0));
                MachineState s = m.state();
                hashes += s.hashCode();
                seen.add(s);
            }
            long ns = cpu() - t0;
            if (warm == 1) {
                System.out.printf(Locale.ROOT, "state %5d pages: %,10.0f snapshot+change+hash+store per second"
                        + " (%d distinct states)%n", pages, rounds / (ns / 1e9), seen.size());
            }
        }
        if (hashes == 42) {
            System.out.println();
        }
    }

    /** Every example, run in-process with output discarded. */
    static void scripts(Path examples) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(examples)) {
            files = walk.filter(f -> f.toString().endsWith(".mmu")).sorted().toList();
        }
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Options quiet = new Options(TextReport.Level.EVENTS, null);
        int rounds = 300;
        for (int warm = 0; warm < 2; warm++) {
            long t0 = cpu();
            for (int r = 0; r < rounds; r++) {
                for (Path f : files) {
                    Runner.run(f, f.getFileName().toString(), quiet, sink, sink);
                }
            }
            long ns = cpu() - t0;
            if (warm == 1) {
                System.out.printf(Locale.ROOT, "scripts: %d examples x %d rounds: %.1f us per script run%n",
                        files.size(), rounds, ns / 1e3 / (rounds * files.size()));
            }
        }
    }
}
