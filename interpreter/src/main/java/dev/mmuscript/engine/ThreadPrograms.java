package dev.mmuscript.engine;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Prefixed;
import dev.mmuscript.syntax.Ast.DeviceFaultStmt;
import dev.mmuscript.syntax.Ast.DeviceReadStmt;
import dev.mmuscript.syntax.Ast.DeviceWriteStmt;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.Ast.ThreadStmt;
import java.util.function.Consumer;
import java.util.List;
import java.util.function.Function;

/**
 * Compiles a thread's statements to one program: each statement announces itself and calls the code of its kernel
 * path or device operation. A statement whose path is compiled to steps of its own ({@code guest fault},
 * {@code guest write}, {@code zap}, {@code madvise}, {@code reclaim}) can be interleaved step by step; any other runs
 * as one step named by its keyword ({@code assert}, {@code show}).
 */
final class ThreadPrograms {
    /**
     * Statement programs, their steps named by keyword alone. In a rehearsal ({@link Threads#steps}) the statement
     * itself does not run: its effects (an assertion's verdict, what show prints) are the run's outputs.
     */
    private record Whole(String keyword, boolean rehearsal) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "";
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x2C2E3903646472C9L;
            h = Fingerprint.add(h, keyword);
            h = Fingerprint.add(h, rehearsal);
            return h;
        }
    }

    /** The registers of a thread's program: the thread's name, and whether this is a rehearsal of it. */
    private record ThreadRegs(String thread, boolean rehearsal) implements Fingerprint.Fingerprinted {
        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x14B0FA53068E8C95L;
            h = Fingerprint.add(h, thread);
            h = Fingerprint.add(h, rehearsal);
            return h;
        }
    }

    private final Consumer<Stmt> runWhole;
    private final Function<Stmt, Invocation> compiled;

    /**
     * {@code compiled} gives the invocation of a statement whose path has steps of its own (or null);
     * {@code runWhole} runs any other statement to completion.
     */
    ThreadPrograms(Function<Stmt, Invocation> compiled, Consumer<Stmt> runWhole) {
        this.compiled = compiled;
        this.runWhole = runWhole;
    }

    Invocation program(ThreadStmt t) {
        return program(t, false);
    }

    /** The thread's program for a rehearsal: kernel paths and handlers run, statements run whole do not. */
    Invocation rehearsal(ThreadStmt t) {
        return program(t, true);
    }

    private Invocation program(ThreadStmt t, boolean rehearsal) {
        Builder b = Builder.path(t.name().text());
        for (Stmt s : t.body()) {
            String where = Integer.toString(s.span().line());
            String text = s.span().headline();
            b.local((c, r) -> {
                c.machine().emit(new Event.ThreadRuns(((ThreadRegs) r).thread(), where, text));
                return r;
            });
            b.call((c, r) -> invocation(s, ((ThreadRegs) r).rehearsal()));
        }
        return new Invocation(b.build(), new ThreadRegs(t.name().text(), rehearsal));
    }

    /**
     * The steps a thread's statement can take, as {@code run ... until} names them: the steps of its compiled
     * code (and of the handlers it calls, for a device fault), or its keyword for a statement run whole.
     */
    List<String> steps(Stmt s, Function<String, List<String>> faultHandlerSteps) {
        Invocation inv = invocation(s, true);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (inv.regs() instanceof Whole w) {
            out.add(w.keyword());
            return out;
        }
        String prefix = inv.regs() instanceof Prefixed p ? p.prefix() : inv.code().name();
        for (String name : inv.code().stepNames()) {
            String full = prefix.isEmpty() ? name : prefix + "." + name;
            if (!out.contains(full)) {
                out.add(full);
            }
        }
        String faulting = s instanceof DeviceFaultStmt f ? f.inst().text() : s instanceof DeviceReadStmt r
                ? r.inst().text() : s instanceof DeviceWriteStmt w ? w.inst().text() : null;
        if (faulting != null) {
            out.addAll(faultHandlerSteps.apply(faulting));
        }
        return out;
    }

    private Invocation invocation(Stmt s, boolean rehearsal) {
        Invocation inv = compiled.apply(s);
        if (inv != null) {
            return inv;
        }
        String keyword = s.span().headline().split(" ")[0];
        Code code = Builder.path(keyword).step(keyword, (c, r) -> {
            if (!((Whole) r).rehearsal()) {
                runWhole.accept(s);
            }
            return r;
        }).build();
        return new Invocation(code, new Whole(keyword, rehearsal));
    }
}
