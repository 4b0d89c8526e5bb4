package dev.mmuscript.engine;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Task;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.SemCond;
import dev.mmuscript.syntax.Ast.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a run has found so far, its output besides the events: the statements and assertions counted, each
 * violation reported once (expected or not, by the expectations of the profile the run uses, scoped to the line
 * of the statement that finds it), the explores that stopped at their bound; and from these, the {@link Verdict}.
 */
final class Findings {
    private final Consumer<Event> out;
    private final Set<String> reported = new LinkedHashSet<>();
    private final Set<String> seenExpected = new LinkedHashSet<>();
    private final Set<String> unexpected = new LinkedHashSet<>();
    /** The labels of the warning expectations met, and the kinds of the warnings none expected. */
    private final Set<String> seenExpectedWarnings = new LinkedHashSet<>();
    private final Set<String> unexpectedWarnings = new LinkedHashSet<>();
    /** The explores that stopped at their bound ("line 12"). */
    private final List<String> unknown = new ArrayList<>();
    private Expectations expectations = Expectations.collect(List.of(), c -> true);
    /** The line of the statement running, as the trace names it (for expectations scoped to a line). */
    private String where = "";
    private int statements;
    private int assertions;
    private int failedAssertions;

    Findings(Consumer<Event> out) {
        this.out = out;
    }

    /** The expectations of a script's statements that {@code applies} selects. */
    void expect(List<Stmt> stmts, Predicate<SemCond> applies) {
        expectations = Expectations.collect(stmts, applies);
    }

    /** A statement starts, at {@code where} ({@code 12}, {@code lib.mmu:3}). */
    void statement(String where) {
        statements++;
        this.where = where;
    }

    /** The final checks start: what they find is found at {@code end}. */
    void atEnd() {
        where = "end";
    }

    String where() {
        return where;
    }

    /** Reports a violation the first time it is found, expected or not. */
    void violation(Violation v) {
        if (!reported.add(v.key())) {
            return;
        }
        List<String> met = expectations.met(v, where);
        boolean expected = !met.isEmpty();
        if (expected) {
            seenExpected.addAll(met);
        } else {
            unexpected.add(v.kind());
        }
        out.accept(new Event.ViolationFound(v, expected));
    }

    /** A warning: expected, or counted against a run that says {@code --werror}. */
    void warning(Event.Warning w) {
        List<String> met = expectations.met(w, where);
        if (met.isEmpty()) {
            unexpectedWarnings.add(w.kind());
        } else {
            seenExpectedWarnings.addAll(met);
        }
    }

    boolean reported(Violation v) {
        return reported.contains(v.key());
    }

    /** Whether an expectation covers {@code v}, found by the statement running now. */
    boolean expected(Violation v) {
        return expectations.covers(v, where);
    }

    void assertion() {
        assertions++;
    }

    void assertionFailed() {
        failedAssertions++;
    }

    /** The explore at the statement running stopped at its bound: the verdict is UNKNOWN. */
    void unknown() {
        unknown.add(where);
    }

    Verdict verdict(String semantics) {
        return new Verdict(semantics, statements, assertions, failedAssertions, List.copyOf(seenExpected),
                List.copyOf(unexpected), expectations.missing(seenExpected, false), false, List.copyOf(unknown),
                warnings(expectations.missing(seenExpectedWarnings, true)));
    }

    Verdict aborted(String semantics) {
        return new Verdict(semantics, statements, assertions, failedAssertions, List.copyOf(seenExpected),
                List.copyOf(unexpected), List.of(), true, List.copyOf(unknown), warnings(List.of()));
    }

    private Verdict.Warnings warnings(List<String> missing) {
        return new Verdict.Warnings(List.copyOf(seenExpectedWarnings), List.copyOf(unexpectedWarnings), missing,
                false);
    }

    /** The run so far as one value, with the world and the semantics it runs under. */
    Engine.Snapshot snapshot(MachineState machine, PMap<String, Task> threads, Semantics semantics) {
        return new Engine.Snapshot(machine, threads, semantics, List.copyOf(reported), List.copyOf(seenExpected),
                List.copyOf(unexpected), statements, assertions, failedAssertions);
    }

    /** Takes back what a snapshot had found. */
    void restore(Engine.Snapshot from) {
        reported.clear();
        reported.addAll(from.reported());
        seenExpected.clear();
        seenExpected.addAll(from.seenExpected());
        unexpected.clear();
        unexpected.addAll(from.unexpected());
        statements = from.statements();
        assertions = from.assertions();
        failedAssertions = from.failedAssertions();
    }
}
