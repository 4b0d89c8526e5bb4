package dev.mmuscript.syntax;

import java.util.List;

/**
 * The abstract syntax of mmuscript: sealed interfaces of records, each carrying its {@link Span}.
 * Only {@link AstBuilder} sees ANTLR's parse tree; everything after it works on these types.
 */
public final class Ast {
    private Ast() {
    }

    /**
     * A name as written, with where it was written. Its text is interned: every mention of a process, instance,
     * variable or lock is then the very string the machine's maps hold as a key, and a look-up of it finds its
     * key by identity before comparing any characters.
     */
    public record Name(String text, Span span) {
        public Name {
            text = text == null ? null : text.intern();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // ---------------------------------------------------------------- expressions

    /** An integer-valued expression (booleans are 0 and 1). */
    public sealed interface Expr permits Num, NameRef, Field, Memory, Call, Unary, Binary {
        Span span();

        <R> R accept(ExprVisitor<R> v);
    }

    /** One method per expression kind: javac tells every pass that walks expressions what a new kind needs. */
    public interface ExprVisitor<R> {
        R visit(Num e);

        R visit(NameRef e);

        R visit(Field e);

        R visit(Memory e);

        R visit(Call e);

        R visit(Unary e);

        R visit(Binary e);
    }

    public record Num(Span span, long value) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    public record NameRef(Span span, String name) implements Expr {
        public NameRef {
            name = name == null ? null : name.intern();    // as Name's text
        }

        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code obj.field}: a variable of a notifier or driver instance. */
    public record Field(Span span, Name obj, Name field) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code obj[addr]}: the value a process (CPU) or an instance (device) sees at an address. */
    public record Memory(Span span, Name obj, Expr addr) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code f(a, b)}: a built-in function of handlers (read_begin, read_retry, mapped). */
    public record Call(Span span, Name fn, List<Expr> args) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    public record Unary(Span span, String op, Expr operand) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    public record Binary(Span span, String op, Expr left, Expr right) implements Expr {
        public <R> R accept(ExprVisitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code A..B}, {@code A pages N}, or a single page {@code A}. */
    public record RangeExpr(Span span, Expr lo, Expr hi, Expr pages) {
    }

    /** {@code if semantics a, b..c, d..}: the profiles a statement applies to. */
    public record SemCond(Span span, List<SemSel> selectors) {
    }

    /** One profile ({@code to == null, !range}), or the era from one profile up to (not including) another. */
    public record SemSel(Name from, boolean range, Name to) {
    }

    public record KnobValue(Span span, String text, boolean isNumber, boolean isString) {
    }

    public record KnobSetting(Span span, Name knob, KnobValue value) {
    }

    // ---------------------------------------------------------------- drivers and notifiers

    public record VarDecl(Span span, Name name, Expr init) {
    }

    public record LockDecl(Span span, Name name, boolean sleeping) {
    }

    public record Handler(Span span, Name callback, Expr when, List<HStmt> body) {
    }

    /**
     * A driver (secondary MMU) definition, or the inline body of a scripted notifier; {@code flags} are its
     * {@code mmu_notifier_ops.flags} ({@code flags invalidate_does_not_block}); {@code requires} the eras in which
     * the driver existed ({@code requires semantics linux-3.7..}; none: every era).
     */
    public record DriverDef(Span span, Name name, List<Name> flags, List<RequiresStmt> requires, List<VarDecl> vars,
            List<LockDecl> locks, List<Handler> handlers) {
        /** Whether the driver sets the flag {@code flag}. */
        public boolean hasFlag(String flag) {
            for (Name f : flags) {
                if (f.text().equals(flag)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A statement of a handler body: each one is one step. */
    public sealed interface HStmt permits Assign, Let, If, Return, Retry, Lock, Unlock, Unmap, MapPage, HGup, Put,
            Sleep, Walk {
        Span span();

        <R> R accept(HVisitor<R> v);

        /** The statement's keyword, as a step name uses it ({@code guest.fault.gup}). */
        String keyword();
    }

    /** One method per handler statement kind: javac tells every pass what a new statement needs. */
    public interface HVisitor<R> {
        R visit(Assign s);

        R visit(Let s);

        R visit(If s);

        R visit(Return s);

        R visit(Retry s);

        R visit(Lock s);

        R visit(Unlock s);

        R visit(Unmap s);

        R visit(MapPage s);

        R visit(HGup s);

        R visit(Put s);

        R visit(Sleep s);

        R visit(Walk s);
    }

    public record Assign(Span span, Name obj, Name var, String op, Expr value) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "assign";
        }
    }

    public record Let(Span span, Name name, Expr value) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "let";
        }
    }

    public record If(Span span, Expr cond, List<HStmt> then, List<HStmt> otherwise) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "if";
        }
    }

    public record Return(Span span, boolean eagain) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "return";
        }
    }

    public record Retry(Span span) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "retry";
        }
    }

    public record Lock(Span span, Name lock) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "lock";
        }
    }

    public record Unlock(Span span, Name lock) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "unlock";
        }
    }

    /**
     * {@code unmap RANGE} or {@code unmap all} ({@code range == null}); with {@code put}, each entry cleared also
     * drops the page reference the instance's {@code gup} took for it ({@code unmap RANGE put}).
     */
    public record Unmap(Span span, RangeExpr range, boolean put) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "unmap";
        }
    }

    public record MapPage(Span span, Expr addr, Name page) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "map";
        }
    }

    public record HGup(Span span, Expr addr, boolean write, Name page) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "gup";
        }
    }

    public record Put(Span span, Name page) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "put";
        }
    }

    public record Sleep(Span span) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "sleep";
        }
    }

    /** {@code walk ADDR [write] as PAGE}: the device walks the CPU page table itself, faulting if it must. */
    public record Walk(Span span, Expr addr, boolean write, Name page) implements HStmt {
        public <R> R accept(HVisitor<R> v) {
            return v.visit(this);
        }

        public String keyword() {
            return "walk";
        }
    }

    // ---------------------------------------------------------------- statements

    /** A top-level statement. */
    public sealed interface Stmt permits SemanticsStmt, SetStmt, IncludeStmt, ProcessStmt, MmapStmt, MunmapStmt,
            MprotectStmt, TouchStmt, WriteStmt, ReadStmt, ZapStmt, MadviseStmt, OomReapStmt, ExitStmt, GupStmt,
            FileStmt, ForkStmt, MremapStmt, ReclaimStmt, AgeStmt, MigrateStmt, WritebackStmt, KsmMergeStmt,
            RemapFilePagesStmt,
            UnpinStmt, AttachStmt, DetachStmt, DeviceFaultStmt, DeviceReadStmt, DeviceWriteStmt, NotifierStmt,
            DriverStmt, ProfileStmt, AssertCoherentStmt, AssertStmt, ExpectStmt, ShowStmt, ThreadStmt, RunStmt, ExploreStmt,
            RequiresStmt, Expandable {
        Span span();

        <R> R accept(Visitor<R> v);
    }

    public record SemanticsStmt(Span span, Name profile) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record SetStmt(Span span, Name knob, KnobValue value) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** {@code include "file"}; {@code body} is the included file's statements once loaded. */
    public record IncludeStmt(Span span, String path, List<Stmt> body) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ProcessStmt(Span span, Name name) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** {@code backing} is the anonymous backing's word ("anon"), or null for a file mapping. */
    public record MmapStmt(Span span, Name proc, RangeExpr range, Name prot, Name backing, Name file, Expr offset,
            boolean shared, boolean nonlinear) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record FileStmt(Span span, Name name, Expr pages) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ForkStmt(Span span, Name proc, Name child) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record MremapStmt(Span span, Name proc, RangeExpr range, Expr dest) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** {@code age P RANGE}: page_referenced of each page the range maps. */
    public record AgeStmt(Span span, Name proc, RangeExpr range) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ReclaimStmt(Span span, Name proc, RangeExpr range) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record MigrateStmt(Span span, Name proc, RangeExpr range) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record WritebackStmt(Span span, Name file) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record KsmMergeStmt(Span span, Name proc, Expr addr, Expr other) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record RemapFilePagesStmt(Span span, Name proc, RangeExpr range, Expr pgoff) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record MunmapStmt(Span span, Name proc, RangeExpr range) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record MprotectStmt(Span span, Name proc, RangeExpr range, Name prot) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record TouchStmt(Span span, Name proc, RangeExpr range, boolean write) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record WriteStmt(Span span, Name proc, Expr addr, Expr value, Expr cpu) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ReadStmt(Span span, Name proc, Expr addr, Expr cpu) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ZapStmt(Span span, Name proc, RangeExpr range) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record MadviseStmt(Span span, Name proc, RangeExpr range, Name advice) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record OomReapStmt(Span span, Name proc) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ExitStmt(Span span, Name proc) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record GupStmt(Span span, Name proc, RangeExpr range, boolean write, Name pin) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record UnpinStmt(Span span, Name pin) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record AttachStmt(Span span, Name driver, Name proc, Name inst) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record DetachStmt(Span span, Name inst) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record DeviceFaultStmt(Span span, Name inst, Expr addr, boolean write) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record DeviceReadStmt(Span span, Name inst, Expr addr) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record DeviceWriteStmt(Span span, Name inst, Expr addr, Expr value) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** {@code notifier NAME on P { ... }}: defines a driver inline and attaches one instance of it. */
    public record NotifierStmt(Span span, Name name, Name proc, DriverDef def) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record DriverStmt(Span span, DriverDef def) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record ProfileStmt(Span span, Name name, Name parent, List<KnobSetting> settings) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record AssertCoherentStmt(Span span, Name inst, SemCond when) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    public record AssertStmt(Span span, Expr cond, SemCond when) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /**
     * {@code expect violation KIND [on MMU] [at ADDR] [at line N] [if semantics ...]}, or with {@code warning}
     * {@code expect warning KIND [on MMU] [at line N] [if semantics ...]}; {@code scope} is null when unscoped.
     */
    public record ExpectStmt(Span span, Name kind, ViolationScope scope, SemCond when, boolean warning)
            implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /**
     * {@code on MMU at ADDR at line N}: the MMU a violation names (an instance, a pin, or cpuN), its address, and the
     * line of the statement that found it; any may be null.
     */
    public record ViolationScope(Span span, Name mmu, Num addr, Num line) {
    }

    /** {@code requires semantics a, b..c}: the profiles the script applies to; under others it is skipped. */
    public record RequiresStmt(Span span, List<SemSel> selectors) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** {@code thread NAME { ... }}: statements that run only when a {@code run} names the thread. */
    public record ThreadStmt(Span span, Name name, List<Stmt> body) implements Stmt {
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code run T1 until STEP, T2, ...}: one chosen interleaving, each part in turn. */
    public record RunStmt(Span span, List<RunPart> parts) implements Stmt {
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /**
     * {@code explore T1, T2 [max N]}: every interleaving of the threads from the current state, up to {@code max}
     * states (null: the default bound); the state after it is the state before it.
     */
    public record ExploreStmt(Span span, List<Name> threads, Expr max) implements Stmt {
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** One part of a schedule: a thread, and the step it runs until (null: to its end or until it blocks). */
    public record RunPart(Span span, Name thread, Name until) {
    }

    public record ShowStmt(Span span, Name what) implements Stmt {
        public <R> R accept(Visitor<R> v) { return v.visit(this); }
    }

    /** One method per statement type; Java 17 has no pattern switch. */
    public interface Visitor<R> {
        R visit(SemanticsStmt s);
        R visit(SetStmt s);
        R visit(IncludeStmt s);
        R visit(ProcessStmt s);
        R visit(MmapStmt s);
        R visit(MunmapStmt s);
        R visit(MprotectStmt s);
        R visit(TouchStmt s);
        R visit(WriteStmt s);
        R visit(ReadStmt s);
        R visit(ZapStmt s);
        R visit(MadviseStmt s);
        R visit(OomReapStmt s);
        R visit(ExitStmt s);
        R visit(FileStmt s);
        R visit(ForkStmt s);
        R visit(MremapStmt s);
        R visit(ReclaimStmt s);

        R visit(AgeStmt s);
        R visit(MigrateStmt s);
        R visit(WritebackStmt s);
        R visit(KsmMergeStmt s);
        R visit(RemapFilePagesStmt s);
        R visit(GupStmt s);
        R visit(UnpinStmt s);
        R visit(AttachStmt s);
        R visit(DetachStmt s);
        R visit(DeviceFaultStmt s);
        R visit(DeviceReadStmt s);
        R visit(DeviceWriteStmt s);
        R visit(NotifierStmt s);
        R visit(DriverStmt s);
        R visit(ProfileStmt s);
        R visit(AssertCoherentStmt s);
        R visit(AssertStmt s);
        R visit(ExpectStmt s);
        R visit(ShowStmt s);

        R visit(ThreadStmt s);

        R visit(RunStmt s);

        R visit(ExploreStmt s);

        R visit(RequiresStmt s);

        /** Defs, calls and loops are expanded by the front end; nothing after it meets one. */
        default R visit(Expandable s) {
            throw new IllegalStateException("not expanded: " + s.getClass().getSimpleName());
        }
    }

    /** A parsed file: its statements in order. */
    public record Script(Source source, List<Stmt> statements) {
    }
}
