package dev.mmuscript.syntax;

import dev.mmuscript.syntax.Ast.Binary;
import dev.mmuscript.syntax.Ast.Call;
import dev.mmuscript.syntax.Ast.ExprVisitor;
import dev.mmuscript.syntax.Ast.Field;
import dev.mmuscript.syntax.Ast.Memory;
import dev.mmuscript.syntax.Ast.NameRef;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.Ast.Unary;

/**
 * A walk over an expression that visits every sub-expression: leaves do nothing and operators visit their
 * operands, unless a check (the front end's) or an analysis (a handler's dead locals) says otherwise for the kinds
 * it cares about.
 */
public abstract class ExprWalk implements ExprVisitor<Void> {
    @Override
    public Void visit(Num e) {
        return null;
    }

    @Override
    public Void visit(NameRef e) {
        return null;
    }

    @Override
    public Void visit(Field e) {
        return null;
    }

    @Override
    public Void visit(Memory e) {
        return e.addr().accept(this);
    }

    @Override
    public Void visit(Call c) {
        c.args().forEach(a -> a.accept(this));
        return null;
    }

    @Override
    public Void visit(Unary u) {
        return u.operand().accept(this);
    }

    @Override
    public Void visit(Binary b) {
        b.left().accept(this);
        return b.right().accept(this);
    }
}
