package dev.mmuscript.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates plausible scripts from the grammar's statements, with operands drawn mostly from the names a script
 * declares and addresses it maps, and now and then from the edges (0, 2^63, huge counts, unknown names), so that
 * many scripts get past the checker and run.
 */
final class Scripts {
    private Scripts() {
    }

    static final List<String> NUMBERS = List.of("0", "1", "0x1000", "0x20000", "0xfff", "-1", "4096", "4097",
            "1048576", "1048577", "0x7ffffffffffff000", "0x7fffffffffffffff", "0x8000000000000000",
            "0xffffffffffffffff", "9223372036854775807", "9223372036854775808", "99999999999999999999");
    static final List<String> CALLBACKS = List.of("invalidate_range_start", "invalidate_range_end", "invalidate",
            "invalidate_page", "invalidate_range", "arch_invalidate_secondary_tlbs", "change_pte", "release", "fault",
            "clear_flush_young");
    static final List<String> PROFILES = List.of("latest", "linux-4.19", "linux-4.13-rc5", "linux-2.6.27",
            "linux-5.5", "andrea-2008", "linux-6.6", "linux-4.16", "linux-3.7");

    /** One of {@code usual} most of the time, else one of {@code rare}. */
    static Arbitrary<String> mostly(Arbitrary<String> usual, Arbitrary<String> rare) {
        return Arbitraries.randomValue(r -> r.nextInt(40)).flatMap(i -> i == 0 ? rare : usual);
    }

    static Arbitrary<String> proc() {
        return mostly(Arbitraries.just("vm"), Arbitraries.of("child", "p", "nosuch"));
    }

    static Arbitrary<String> inst() {
        return mostly(Arbitraries.of("guest", "A"), Arbitraries.of("dev", "B", "nosuch"));
    }

    static Arbitrary<String> page() {
        return Arbitraries.longs().between(0, 3).map(n -> "0x" + Long.toHexString(0x10000 + n * 0x1000));
    }

    static Arbitrary<String> number() {
        return mostly(Arbitraries.oneOf(page(), Arbitraries.longs().between(0, 4).map(n -> Long.toString(n))),
                Arbitraries.of(NUMBERS));
    }

    static Arbitrary<String> range() {
        Arbitrary<String> usual = Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.longs()
                .between(1, 4)).as((a, n) -> "0x" + Long.toHexString(0x10000 + a * 0x1000) + " pages " + n);
        Arbitrary<String> rare = Arbitraries.oneOf(Arbitraries.of(NUMBERS),
                Combinators.combine(number(), number()).as((a, b) -> a + ".." + b),
                Combinators.combine(number(), number()).as((a, b) -> a + " pages " + b));
        return mostly(Arbitraries.oneOf(usual, page()), rare);
    }

    static Arbitrary<String> topExpr() {
        Arbitrary<String> atom = mostly(Arbitraries.oneOf(number(), Arbitraries.of("A.x", "guest.count", "guest.seq",
                "vm[0x10000]", "guest[0x10000]")), Arbitraries.of("x", "read_begin()", "A.nosuch", "era.year"));
        return Arbitraries.oneOf(atom, Combinators.combine(atom, Arbitraries.of("+", "-", "*", "/", "%", "==", "!=",
                "<", "&&", "||"), atom).as((a, op, b) -> a + " " + op + " " + b));
    }

    static Arbitrary<String> handlerExpr() {
        Arbitrary<String> atom = mostly(Arbitraries.oneOf(number(), Arbitraries.of("x", "addr", "start", "end",
                "write", "nonblocking", "blockable", "cur_seq", "mapped(addr)", "read_begin()", "era.year",
                "era.nonblocking_start")), Arbitraries.of("nosuch", "nosuch(1)", "era.nosuch", "vm[0]"));
        return Arbitraries.oneOf(atom, Combinators.combine(atom, Arbitraries.of("+", "-", "*", "/", "%", "==", "!=",
                "<", "&&", "||"), atom).as((a, op, b) -> a + " " + op + " " + b),
                Combinators.combine(Arbitraries.of("!", "-"), atom).as((op, a) -> op + a));
    }

    static Arbitrary<String> handlerStatement() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("x", "A.x"), Arbitraries.of("=", "+=", "-="), handlerExpr())
                        .as((v, op, e) -> v + " " + op + " " + e),
                handlerExpr().map(e -> "let s = " + e),
                Combinators.combine(handlerExpr(), Arbitraries.of("return", "return EAGAIN", "x = 1"))
                        .as((c, s) -> "if " + c + " { " + s + " } else { x = 2 }"),
                Arbitraries.of("return", "return EAGAIN", "lock l", "unlock l", "lock m", "unlock m",
                        "unmap all", "unmap start..end", "unmap addr", "gup addr as pg\n    map addr to pg\n    put pg",
                        "gup addr write as pg\n    put pg", "walk addr as pg\n    map addr to pg",
                        "walk addr write as pg", "sleep", "lock l\n    lock l", "unmap addr pages 1048576",
                        "gup (addr + 0x1000) write as pg\n    map (addr + 0x1000) to pg\n    put pg",
                        "walk (end - 0x1000) as pg\n    map start to pg", "gup (start) as pg\n    put pg",
                        "unmap (start - 0x1000)..(end + 0x1000)", "unmap start pages (end - start)",
                        "gup (0 - 0x1000) as pg", "gup (0x7ffffffffffff000) write as pg"));
    }

    static Arbitrary<String> notifier() {
        Arbitrary<String> handler = Combinators.combine(Arbitraries.of(CALLBACKS),
                Arbitraries.of("", "", "", " when nonblocking", " when blockable", " when write"),
                handlerStatement().list().ofMinSize(0).ofMaxSize(4))
                .as((cb, when, body) -> "  on " + cb + when + " {\n    " + String.join("\n    ", body) + "\n  }\n");
        return Combinators.combine(mostly(Arbitraries.just("B"), Arbitraries.just("A")), proc(), handler.list().ofMinSize(1).ofMaxSize(3))
                .as((n, p, hs) -> "notifier " + (n.equals("A") ? "N" : n) + " on " + p + " {\n  var x = 0\n  spinlock l\n  mutex m\n"
                        + String.join("", hs) + "}");
    }

    static Arbitrary<String> statement() {
        Arbitrary<String> proc = proc();
        return Arbitraries.frequencyOf(
                Tuple.of(1, mostly(Arbitraries.just("process child"), proc.map(p -> "process " + p))),
                Tuple.of(2, Combinators.combine(proc, range(), mostly(Arbitraries.of("rw", "r", "none"),
                        Arbitraries.of("rwx", "wr")), mostly(Arbitraries.of("anon", "anon shared",
                        "file disk offset 0 shared", "file disk offset 0 shared nonlinear", "file disk offset 2"),
                        Arbitraries.of("file disk offset 0x7fffffffffffffff", "file nosuch offset 0")))
                        .as((p, r, prot, b) -> "mmap " + p + " " + r.replace("0x1", "0x8") + " " + prot + " " + b)),
                Tuple.of(6, Combinators.combine(proc, range(), Arbitraries.of("", " write", " read"))
                        .as((p, r, t) -> "touch " + p + " " + r + t)),
                Tuple.of(4, Combinators.combine(Arbitraries.of("zap", "munmap", "reclaim", "migrate"), proc, range())
                        .as((op, p, r) -> op + " " + p + " " + r)),
                Tuple.of(1, Combinators.combine(proc, range(), Arbitraries.of("r", "rw", "none"))
                        .as((p, r, prot) -> "mprotect " + p + " " + r + " " + prot)),
                Tuple.of(1, Combinators.combine(proc, range()).as((p, r) -> "madvise " + p + " " + r + " dontneed")),
                Tuple.of(2, Combinators.combine(proc, page(), number()).as((p, a, v) -> "write " + p + " " + a + " = "
                        + v)),
                Tuple.of(1, Combinators.combine(proc, page()).as((p, a) -> "read " + p + " " + a)),
                Tuple.of(2, Arbitraries.of("fork vm as child\ntouch vm 0x10000 pages 8 write",
                        "touch vm 0x10000 pages 8 write\nfork vm as child\ntouch child 0x10000 pages 8 write",
                        "fork vm as child", "fork vm as child2", "exit child", "oom_reap vm",
                        "writeback disk", "unpin pin", "detach guest", "show vm", "show frames", "show tlb",
                        "show pins", "show guest", "assert coherent", "assert coherent guest",
                        "expect violation stale-shadow", "expect violation livelock if semantics linux-4.19..",
                        "set oom_reaper = skip_if_notifiers", "exit vm")),
                Tuple.of(1, Combinators.combine(proc, range(), page()).as((p, r, d) -> "mremap " + p + " " + r
                        + " to " + d.replace("0x1", "0x8"))),
                Tuple.of(1, Combinators.combine(proc, page(), page()).as((p, a, b) -> "ksm_merge " + p + " " + a
                        + " with " + b)),
                Tuple.of(1, Combinators.combine(proc, range(), number()).as((p, r, n) -> "remap_file_pages " + p + " "
                        + r.replace("0x1", "0x4") + " pgoff " + n)),
                Tuple.of(2, Combinators.combine(proc, range(), Arbitraries.of("", " write"))
                        .as((p, r, w) -> "gup " + p + " " + r + w + " as pin")),
                Tuple.of(2, Combinators.combine(mostly(Arbitraries.of("kvm", "hmm", "odp", "gru", "xpmem", "sva"),
                        Arbitraries.of("nosuch")), proc, mostly(Arbitraries.just("dev"), Arbitraries.just("guest")))
                        .as((d, p, i) -> "attach " + d + " to " + p + " as " + i)),
                Tuple.of(5, Combinators.combine(inst(), Arbitraries.of("fault", "fault write", "read", "write"),
                        page()).as((i, op, a) -> op.startsWith("fault") ? i + " fault " + a + op.substring(5)
                        : i + " " + op + " " + a + (op.equals("write") ? " = 9" : ""))),
                Tuple.of(1, topExpr().map(e -> "assert " + e)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(PROFILES), number()).as((p, y) ->
                        "profile mine extends " + p + " {\n  year = " + y.replace("0x1", "2") + "\n}")),
                Tuple.of(1, mostly(Arbitraries.just("show frames"), Arbitraries.of("include \"nosuch.mmu\"",
                        "include \"/dev/zero\"", "include \"../x.mmu\"", "include \"\"", "include \"errors\""))),
                Tuple.of(3, notifier()));
    }

    /** A script of one to twelve statements after a prelude that declares a process, a file and mappings. */
    static Arbitrary<String> script() {
        return Combinators.combine(Arbitraries.of(PROFILES), Arbitraries.of("attach kvm to vm as guest\n",
                "attach hmm to vm as guest\n", "attach odp to vm as guest\n", "attach gru to vm as guest\n",
                "attach xpmem to vm as guest\n", "attach sva to vm as guest\n"), statement().list().ofMinSize(1)
                .ofMaxSize(12)).as((profile, attach, stmts) -> "semantics " + profile + "\nprocess vm\n"
                        + "file disk pages 16\nmmap vm 0x10000 pages 8 rw anon\n"
                        + "notifier A on vm {\n  var x = 0\n  on invalidate_range_start { x += 1 }\n"
                        + "  on invalidate_range_end { x -= 1 }\n}\n"
                        + "mmap vm 0x40000 pages 4 rw file disk offset 0 shared nonlinear\n" + attach
                        + String.join("\n", stmts) + "\n");
    }
}
