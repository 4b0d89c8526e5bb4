package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.syntax.Ast.ExploreStmt;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.RunPart;
import dev.mmuscript.syntax.Ast.RunStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@code explore T, U [max N]}: every interleaving of the threads from here ({@link Explorer}), its verdict
 * line, and for a violation the re-run of the shortest schedule found by the scripted scheduler, so that it prints
 * and counts as that {@code run} would; then the machine and the threads go back to where they were.
 */
final class ExploreRun {
    private final Machine machine;
    private final Exec exec;
    private final Budget budget;
    private final Threads threads;
    private final Consumer<Event> out;
    private final Consumer<Violation> violations;

    ExploreRun(Machine machine, Exec exec, Budget budget, Threads threads, Consumer<Event> out,
            Consumer<Violation> violations) {
        this.machine = machine;
        this.exec = exec;
        this.budget = budget;
        this.threads = threads;
        this.out = out;
        this.violations = violations;
    }

    /** Runs the explore within {@code max} worlds; true when it stopped at its bound (UNKNOWN). */
    boolean run(ExploreStmt s, long max) {
        List<String> names = s.threads().stream().map(Name::text).toList();
        Threads.Saved saved = threads.save();
        MachineState before = machine.state();
        boolean others = threads.othersUnfinished(names);
        Explorer.Result r = new Explorer(machine, exec, budget).explore(new Explorer.World(before,
                threads.started(names)), names, max, others);
        threads.restore(saved);
        machine.restore(before);
        String found = switch (r.outcome()) {
            case CLEAN -> "no violation";
            case UNKNOWN -> "UNKNOWN";
            case VIOLATION -> "violation " + r.violation().kind();
        };
        out.accept(new Event.Explored(r.states(), r.transitions(), r.depth(), found, max, budget.maxDepth()));
        if (r.outcome() == Explorer.Outcome.VIOLATION && !budget.everyKind()) {
            replay(s, r, names, others);
            threads.restore(saved);
            machine.restore(before);
        }
        out.accept(new Event.ExploreUndone());
        return r.outcome() == Explorer.Outcome.UNKNOWN;
    }

    /**
     * The schedule found, printed and run as the {@code run} statement it would be; a world where nothing could
     * move is reached by running one of the stuck threads last, so that the scheduler finds it stuck too.
     */
    private void replay(ExploreStmt s, Explorer.Result r, List<String> names, boolean others) {
        String then = r.stuck() ? r.violation().mmu().split(",")[0] : null;
        List<Schedule.Part> parts = Schedule.of(r.schedule(), then);
        out.accept(new Event.ScheduleFound(Schedule.text(parts)));
        List<RunPart> run = new ArrayList<>();
        for (Schedule.Part p : parts) {
            run.add(new RunPart(s.span(), new Name(p.thread(), s.span()), p.until() == null ? null
                    : new Name(p.until(), s.span())));
        }
        threads.run(new RunStmt(s.span(), List.copyOf(run)), names);
        if (names.stream().allMatch(n -> threads.tasks().get(n).done())) {
            Invariants.check(machine.state(), null, !others).forEach(violations);
        }
    }
}
