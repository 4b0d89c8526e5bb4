package dev.mmuscript.front;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.ExprWalk;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a driver definition (stdlib or script): its variables and locks declared once, its callbacks
 * known, and in every handler each name, page, lock, knob and built-in function known where it is used.
 */
final class HandlerChecker {
    static final List<String> PARAMS = List.of("start", "end", "addr", "write", "blockable", "nonblocking",
            "cur_seq");
    /** Built-in functions of handlers and how many arguments each takes. */
    static final Map<String, Integer> BUILTINS = Map.of("read_begin", 0, "read_retry", 1, "mapped", 1,
            "interval_insert", 2, "interval_remove", 0);

    private final Diagnostics diags;
    private final Constants values;
    /** By identity: a definition's record hash walks its whole tree (and links its hashCode at first use). */
    private final Set<DriverDef> checked = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    HandlerChecker(Diagnostics diags, Constants values) {
        this.diags = diags;
        this.values = values;
    }

    /** Checks {@code def} once, however many statements name it. */
    void check(DriverDef def) {
        if (!checked.add(def)) {
            return;
        }
        flags(def);
        Set<String> vars = Drivers.variables(def);
        Set<String> declared = new HashSet<>();
        for (VarDecl v : def.vars()) {
            if (!declared.add(v.name().text())) {
                diags.error(v.name().span(), "variable '" + v.name().text() + "' declared twice",
                        "expected one 'var' per variable");
            }
            if (v.init() != null) {
                values.constant(v.init());
            }
        }
        Map<String, LockDecl> locks = new LinkedHashMap<>();
        for (LockDecl l : def.locks()) {
            if (locks.put(l.name().text(), l) != null) {
                diags.error(l.name().span(), "lock '" + l.name().text() + "' declared twice",
                        "expected one declaration per lock");
            }
        }
        for (Handler h : def.handlers()) {
            handler(def, h, vars, locks.keySet());
        }
    }

    /** Each flag known ({@link Drivers#FLAGS}) and set once. */
    private void flags(DriverDef def) {
        Set<String> seen = new HashSet<>();
        for (Name f : def.flags()) {
            String flag = f.text();
            if (!Drivers.FLAGS.contains(flag)) {
                diags.error(f.span(), "unknown driver flag '" + flag + "'" + Suggest.didYouMean(flag, Drivers.FLAGS),
                        "expected one of: " + String.join(", ", Drivers.FLAGS));
            } else if (!seen.add(flag)) {
                diags.error(f.span(), "flag '" + flag + "' set twice", "expected each flag once");
            }
        }
    }

    private void handler(DriverDef def, Handler h, Set<String> vars, Set<String> locks) {
        String cb = h.callback().text();
        if (!Drivers.CALLBACKS.contains(cb)) {
            diags.error(h.callback().span(), "unknown callback '" + cb + "'" + Suggest.didYouMean(cb, Drivers.CALLBACKS),
                    "expected one of: " + String.join(", ", Drivers.CALLBACKS));
            return;
        }
        Set<String> locals = new HashSet<>(PARAMS);
        locals.addAll(vars);
        Set<String> pages = new HashSet<>();
        collectLocals(h.body(), locals, pages);
        Body body = new Body(def, cb, locals, pages, locks);
        if (h.when() != null) {
            h.when().accept(body);
            h.when().accept(new NoWaitInGuard());
        }
        body.all(h.body());
    }

    /** The names a handler's {@code let}s bind and the pages its {@code gup}s and {@code walk}s take, anywhere in it. */
    private static void collectLocals(List<HStmt> body, Set<String> locals, Set<String> pages) {
        for (HStmt s : body) {
            if (s instanceof Let l) {
                locals.add(l.name().text());
            } else if (s instanceof HGup g) {
                pages.add(g.page().text());
            } else if (s instanceof Walk w) {
                pages.add(w.page().text());
            } else if (s instanceof If i) {
                collectLocals(i.then(), locals, pages);
                collectLocals(i.otherwise(), locals, pages);
            }
        }
    }

    /** One handler's statements and expressions, with the names, pages and locks it may use. */
    private final class Body extends ExprWalk implements HVisitor<Void> {
        private final DriverDef def;
        private final String cb;
        private final Set<String> locals;
        private final Set<String> pages;
        private final Set<String> locks;

        Body(DriverDef def, String cb, Set<String> locals, Set<String> pages, Set<String> locks) {
            this.def = def;
            this.cb = cb;
            this.locals = locals;
            this.pages = pages;
            this.locks = locks;
        }

        void all(List<HStmt> body) {
            for (HStmt s : body) {
                s.accept(this);
            }
        }

        private String driver() {
            return def.name().text();
        }

        @Override
        public Void visit(Assign a) {
            if (a.obj() != null && !a.obj().text().equals(driver())) {
                diags.error(a.obj().span(), "a handler of " + driver() + " cannot assign " + a.obj().text()
                        + "'s variables", "expected " + driver() + "." + a.var().text() + " or just " + a.var().text());
            }
            return a.value().accept(this);
        }

        @Override
        public Void visit(Let l) {
            return l.value().accept(this);
        }

        @Override
        public Void visit(If i) {
            i.cond().accept(this);
            all(i.then());
            all(i.otherwise());
            return null;
        }

        @Override
        public Void visit(Return r) {
            return null;
        }

        @Override
        public Void visit(Retry r) {
            if (!cb.equals("fault")) {
                diags.error(r.span(), "'retry' outside a fault handler", "expected 'retry' only in 'on fault'");
            }
            return null;
        }

        @Override
        public Void visit(Lock l) {
            lock(l.lock());
            return null;
        }

        @Override
        public Void visit(Unlock u) {
            lock(u.lock());
            return null;
        }

        private void lock(Name n) {
            if (!locks.contains(n.text())) {
                diags.error(n.span(), "unknown lock '" + n.text() + "'" + Suggest.didYouMean(n.text(), locks),
                        "expected a lock declared with 'spinlock NAME' or 'mutex NAME'");
            }
        }

        @Override
        public Void visit(Unmap u) {
            if (u.range() != null) {
                u.range().lo().accept(this);
                if (u.range().hi() != null) {
                    u.range().hi().accept(this);
                }
                if (u.range().pages() != null) {
                    u.range().pages().accept(this);
                }
            }
            return null;
        }

        @Override
        public Void visit(MapPage mp) {
            mp.addr().accept(this);
            page(mp.page());
            return null;
        }

        @Override
        public Void visit(HGup g) {
            return g.addr().accept(this);
        }

        @Override
        public Void visit(Put p) {
            page(p.page());
            return null;
        }

        @Override
        public Void visit(Sleep s) {
            return null;
        }

        @Override
        public Void visit(Walk w) {
            return w.addr().accept(this);
        }

        private void page(Name n) {
            if (!pages.contains(n.text())) {
                diags.error(n.span(), "no page named '" + n.text() + "'" + Suggest.didYouMean(n.text(), pages),
                        "expected a page taken with 'gup ADDR as " + n.text() + "' in this handler");
            }
        }

        // ------------------------------------------------------------ expressions

        @Override
        public Void visit(NameRef n) {
            if (!locals.contains(n.name())) {
                diags.error(n.span(), "unknown name '" + n.name() + "'" + Suggest.didYouMean(n.name(), locals),
                        "expected a variable of " + driver() + ", a 'let', or a parameter ("
                                + String.join(", ", PARAMS) + ")");
            }
            return null;
        }

        @Override
        public Void visit(Field f) {
            if (f.obj().text().equals("era")) {
                knob(f.field());
            } else if (!f.obj().text().equals(driver())) {
                diags.error(f.obj().span(), "a handler of " + driver() + " cannot read " + f.obj().text()
                        + "'s variables", "expected " + driver() + "." + f.field().text());
            } else if (!locals.contains(f.field().text())) {
                diags.error(f.field().span(), driver() + " has no variable '" + f.field().text() + "'"
                        + Suggest.didYouMean(f.field().text(), locals), "expected a variable it declares or assigns");
            }
            return null;
        }

        /** {@code era.KNOB}: a number or a flag of the semantics profile. */
        private void knob(Name n) {
            Knob k = Knob.byKey(n.text());
            if (k == null) {
                diags.error(n.span(), "unknown knob '" + n.text() + "'" + Suggest.didYouMean(n.text(), Knob.keys()),
                        "expected era.KNOB with one of: " + String.join(", ", Knob.keys()));
            } else if (k == Knob.SUMMARY || (!k.choices().isEmpty() && !k.choices().equals(List.of("true", "false")))) {
                diags.error(n.span(), "era." + k.key() + " is not a number or a flag",
                        "expected era.year or a true/false knob");
            }
        }

        @Override
        public Void visit(Memory m) {
            diags.error(m.span(), "handlers cannot read memory", "expected variables, parameters and numbers");
            return null;
        }

        @Override
        public Void visit(Call c) {
            Integer arity = BUILTINS.get(c.fn().text());
            if (arity == null) {
                diags.error(c.fn().span(), "unknown function '" + c.fn().text() + "'"
                        + Suggest.didYouMean(c.fn().text(), BUILTINS.keySet()), "expected one of: "
                        + String.join(", ", new TreeSet<>(BUILTINS.keySet())));
            } else if (arity != c.args().size()) {
                diags.error(c.span(), c.fn().text() + " takes " + arity + (arity == 1 ? " argument" : " arguments")
                        + ", not " + c.args().size(), "expected " + c.fn().text() + (arity == 0 ? "()" : "(x)"));
            }
            return super.visit(c);
        }
    }

    /** A {@code when} guard decides whether a handler runs; it cannot wait (read_begin may). */
    private final class NoWaitInGuard extends ExprWalk {
        @Override
        public Void visit(Call c) {
            if (c.fn().text().equals("read_begin")) {
                diags.error(c.span(), "read_begin() in a 'when' guard", "expected it in the handler's body, such as:"
                        + " let seq = read_begin()");
                return null;
            }
            return super.visit(c);
        }
    }
}
