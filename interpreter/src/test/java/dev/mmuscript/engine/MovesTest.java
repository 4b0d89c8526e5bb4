package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Explorer.World;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Footprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The step a move tried last and left out ({@link Moves.Pending}) is the first step of the thread's next move from
 * the world the move reached: handed to that move, it ends where running the step again ends, having read, written
 * and found the same; at every move of every thread of a zap racing two KVM faults, blocked moves and moves that
 * end a thread included.
 */
class MovesTest {
    private static final String SCRIPT = """
            process vm
            mmap vm 0x10000 pages 2 rw anon
            attach kvm to vm as guest
            thread zapper { zap vm 0x10000 pages 2 }
            thread vcpu1 { guest fault 0x10000 write; guest fault 0x11000 write }
            thread vcpu2 { guest fault 0x11000 write }
            """;
    private static final List<String> NAMES = List.of("zapper", "vcpu1", "vcpu2");

    @Test
    void aLeftOutStepHandedToTheNextMoveEndsWhereRunningItAgainEnds() {
        Program program = new Frontend(Path.of(".")).load(new Source("t.mmu", SCRIPT), null);
        Engine engine = new Engine(program, e -> { });
        engine.resume(null);
        for (Stmt s : program.script().statements()) {
            engine.runOne(s);
        }
        Machine m = engine.machine();
        Moves moves = new Moves(m, engine.exec(), true, new Movers());
        m.exploring(true);
        m.holders(moves.holders());
        World w = new World(m.state(), engine.threads().started(NAMES));
        int handed = 0;
        for (int round = 0; round < 60 && !allDone(w); round++) {
            String name = NAMES.get(round % NAMES.size());
            if (task(w, name).done()) {
                continue;
            }
            Moves.Tried move = moves.step(w, name, task(w, name));
            if (move.blockedOn() != null) {
                continue;
            }
            World next = move.next();
            if (move.pending() != null && !task(next, name).done()) {
                Moves.Tried handedOn = moves.step(next, name, task(next, name), move.pending());
                Moves.Tried again = moves.step(next, name, task(next, name));
                assertSameMove(again, handedOn);
                handed++;
            }
            w = next;
        }
        assertTrue(handed >= 6, "moves that left a step out: " + handed);
    }

    private static boolean allDone(World w) {
        return NAMES.stream().allMatch(n -> task(w, n).done());
    }

    private static Task task(World w, String name) {
        return w.tasks().get(name);
    }

    private static void assertSameMove(Moves.Tried expected, Moves.Tried actual) {
        assertEquals(expected.blockedOn(), actual.blockedOn());
        assertEquals(expected.violations(), actual.violations());
        if (expected.blockedOn() != null) {
            return;
        }
        assertNotNull(actual.next());
        assertEquals(expected.next(), actual.next());
        assertEquals(expected.next().fingerprint(), actual.next().fingerprint());
        assertEquals(expected.fused(), actual.fused());
        assertEquals(expected.retried(), actual.retried());
        assertEquals(objects(expected.footprint()), objects(actual.footprint()));
    }

    /** What a footprint read and wrote, as comparable sets. */
    private static List<TreeSet<Long>> objects(Footprint f) {
        TreeSet<Long> read = new TreeSet<>();
        TreeSet<Long> written = new TreeSet<>();
        for (int i = 0; i < f.readCount(); i++) {
            read.add(f.read(i));
        }
        for (int i = 0; i < f.writeCount(); i++) {
            written.add(f.written(i));
        }
        return List.of(read, written, new TreeSet<>(List.of(f.whole() ? 1L : 0L)));
    }
}
