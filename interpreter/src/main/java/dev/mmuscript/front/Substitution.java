package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.NameRef;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Origin;
import dev.mmuscript.syntax.Span;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A statement of a def or loop body as it stands at one call or iteration: each parameter replaced by what it is
 * bound to, and every span in it marked with its {@link Origin}. It walks the statement's records generically, so
 * that a statement added to the language later is expanded too.
 */
final class Substitution {
    private final Diagnostics diags;

    Substitution(Diagnostics diags) {
        this.diags = diags;
    }

    Stmt of(Stmt s, Scope scope) {
        List<Origin.Edit> edits = new ArrayList<>();
        edits(s, scope, edits);
        edits.sort(Comparator.comparingInt(Origin.Edit::start));
        return (Stmt) rewrite(s, scope, new Origin(edits, scope.frames()));
    }

    /** Where the statement's text changes: each bound name, and what it is replaced by. */
    private void edits(Object node, Scope scope, List<Origin.Edit> out) {
        if (node instanceof Name n) {
            Scope.Binding b = scope.get(n.text());
            if (b != null) {
                out.add(new Origin.Edit(n.span().start(), n.span().length(), b.text()));
            }
        } else if (node instanceof NameRef r) {
            Scope.Binding b = scope.get(r.name());
            if (b != null) {
                out.add(new Origin.Edit(r.span().start(), r.span().length(), b.text()));
            }
        } else if (node instanceof List<?> list) {
            list.forEach(x -> edits(x, scope, out));
        } else if (node instanceof Record r && !(node instanceof Span)) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                edits(component(r, c), scope, out);
            }
        }
    }

    private Object rewrite(Object node, Scope scope, Origin origin) {
        if (node instanceof Span sp) {
            return sp.in(origin);
        } else if (node instanceof Name n) {
            return name(n, scope, origin);
        } else if (node instanceof NameRef r) {
            return nameRef(r, scope, origin);
        } else if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(rewrite(x, scope, origin)));
            return List.copyOf(out);
        } else if (node instanceof Record r) {
            return rebuild(r, scope, origin);
        }
        return node;
    }

    /** A name where a name is expected: a parameter bound to a name is that name, as written at the call. */
    private Name name(Name n, Scope scope, Origin origin) {
        Scope.Binding b = scope.get(n.text());
        if (b != null && b.name() != null) {
            return b.name();    // as written at the call: a mistake in it is reported there
        }
        if (b != null) {
            diags.error(n.span().in(origin), "'" + n.text() + "' stands for the number " + b.text() + " here",
                    "expected a name (of a process, device, pin, file, ...) in this place");
        }
        return new Name(n.text(), n.span().in(origin));
    }

    /** A name in an expression: a parameter bound to a number is that number. */
    private Expr nameRef(NameRef r, Scope scope, Origin origin) {
        Scope.Binding b = scope.get(r.name());
        if (b == null) {
            return new NameRef(r.span().in(origin), r.name());
        }
        if (b.number() == null) {
            diags.error(r.span().in(origin), "'" + r.name() + "' stands for the name " + b.text() + " here",
                    "expected a number in this place");
            return new NameRef(r.span().in(origin), b.name().text());
        }
        return new Num(r.span().in(origin), b.number());
    }

    private Object rebuild(Record r, Scope scope, Origin origin) {
        RecordComponent[] cs = r.getClass().getRecordComponents();
        Object[] values = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            values[i] = rewrite(component(r, cs[i]), scope, origin);
            types[i] = cs[i].getType();
        }
        try {
            return r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + r.getClass().getSimpleName(), e);
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
