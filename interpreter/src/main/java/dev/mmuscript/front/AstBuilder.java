package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Expandable;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;

import dev.mmuscript.grammar.MmuParser.*;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** The one place that sees ANTLR's contexts: parse tree to immutable AST with spans. */
final class AstBuilder {
    private final Source source;
    private final Diagnostics diags;

    AstBuilder(Source source, Diagnostics diags) {
        this.source = source;
        this.diags = diags;
    }

    Script script(ScriptContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) {
            out.add(statement(s));
        }
        return new Script(source, List.copyOf(out));
    }

    private Span span(ParserRuleContext ctx) {
        int start = ctx.getStart().getStartIndex();
        Token stop = ctx.getStop() != null ? ctx.getStop() : ctx.getStart();
        return new Span(source, start, Math.max(1, stop.getStopIndex() - start + 1));
    }

    private Span span(Token t) {
        return new Span(source, t.getStartIndex(), Math.max(1, t.getStopIndex() - t.getStartIndex() + 1));
    }

    private Name name(Token t) {
        return t == null ? null : new Name(t.getText(), span(t));
    }

    private Stmt statement(StatementContext ctx) {
        Span sp = span(ctx);
        if (ctx instanceof SemanticsStmtContext c) {
            return new SemanticsStmt(sp, name(c.name));
        } else if (ctx instanceof SetStmtContext c) {
            return new SetStmt(sp, name(c.knob), knobValue(c.value));
        } else if (ctx instanceof IncludeStmtContext c) {
            return new IncludeStmt(sp, Literals.unquote(c.path.getText()), List.of());
        } else if (ctx instanceof ProcessStmtContext c) {
            return new ProcessStmt(sp, name(c.name));
        } else if (ctx instanceof MmapStmtContext c) {
            return new MmapStmt(sp, name(c.proc), range(c.range()), name(c.prot), name(c.backing), name(c.file),
                    c.offset == null ? null : numeric(c.offset), c.share != null && c.share.getText().equals("shared"),
                    c.nonlinear != null);
        } else if (ctx instanceof FileStmtContext c) {
            return new FileStmt(sp, name(c.name), numeric(c.count));
        } else if (ctx instanceof ForkStmtContext c) {
            return new ForkStmt(sp, name(c.proc), name(c.child));
        } else if (ctx instanceof MremapStmtContext c) {
            return new MremapStmt(sp, name(c.proc), range(c.range()), numeric(c.dest));
        } else if (ctx instanceof AgeStmtContext c) {
            return new AgeStmt(sp, name(c.proc), range(c.range()));
        } else if (ctx instanceof ReclaimStmtContext c) {
            return new ReclaimStmt(sp, name(c.proc), range(c.range()));
        } else if (ctx instanceof MigrateStmtContext c) {
            return new MigrateStmt(sp, name(c.proc), range(c.range()));
        } else if (ctx instanceof WritebackStmtContext c) {
            return new WritebackStmt(sp, name(c.file));
        } else if (ctx instanceof KsmMergeStmtContext c) {
            return new KsmMergeStmt(sp, name(c.proc), numeric(c.addr), numeric(c.other));
        } else if (ctx instanceof RemapFilePagesStmtContext c) {
            return new RemapFilePagesStmt(sp, name(c.proc), range(c.range()), numeric(c.pgoff));
        } else if (ctx instanceof MunmapStmtContext c) {
            return new MunmapStmt(sp, name(c.proc), range(c.range()));
        } else if (ctx instanceof MprotectStmtContext c) {
            return new MprotectStmt(sp, name(c.proc), range(c.range()), name(c.prot));
        } else if (ctx instanceof TouchStmtContext c) {
            return new TouchStmt(sp, name(c.proc), range(c.range()),
                    c.access != null && c.access.getText().equals("write"));
        } else if (ctx instanceof WriteStmtContext c) {
            return new WriteStmt(sp, name(c.proc), numeric(c.addr), expr(c.value),
                    c.onCpu() == null ? null : numeric(c.onCpu().cpu));
        } else if (ctx instanceof ReadStmtContext c) {
            return new ReadStmt(sp, name(c.proc), numeric(c.addr), c.onCpu() == null ? null : numeric(c.onCpu().cpu));
        } else if (ctx instanceof ZapStmtContext c) {
            return new ZapStmt(sp, name(c.proc), range(c.range()));
        } else if (ctx instanceof MadviseStmtContext c) {
            return new MadviseStmt(sp, name(c.proc), range(c.range()), name(c.advice));
        } else if (ctx instanceof OomReapStmtContext c) {
            return new OomReapStmt(sp, name(c.proc));
        } else if (ctx instanceof ExitStmtContext c) {
            return new ExitStmt(sp, name(c.proc));
        } else if (ctx instanceof GupStmtContext c) {
            return new GupStmt(sp, name(c.proc), range(c.range()), c.write != null, name(c.pin));
        } else if (ctx instanceof UnpinStmtContext c) {
            return new UnpinStmt(sp, name(c.pin));
        } else if (ctx instanceof AttachStmtContext c) {
            return new AttachStmt(sp, name(c.driver), name(c.proc), name(c.inst));
        } else if (ctx instanceof DetachStmtContext c) {
            return new DetachStmt(sp, name(c.inst));
        } else if (ctx instanceof DeviceFaultStmtContext c) {
            return new DeviceFaultStmt(sp, name(c.inst), numeric(c.addr), c.write != null);
        } else if (ctx instanceof DeviceReadStmtContext c) {
            return new DeviceReadStmt(sp, name(c.inst), numeric(c.addr));
        } else if (ctx instanceof DeviceWriteStmtContext c) {
            return new DeviceWriteStmt(sp, name(c.inst), numeric(c.addr), expr(c.value));
        } else if (ctx instanceof NotifierStmtContext c) {
            return new NotifierStmt(sp, name(c.name), name(c.proc), driverDef(sp, name(c.name), c.driverBody()));
        } else if (ctx instanceof DriverStmtContext c) {
            return new DriverStmt(sp, driverDef(sp, name(c.name), c.driverBody()));
        } else if (ctx instanceof ProfileStmtContext c) {
            List<KnobSetting> settings = new ArrayList<>();
            for (KnobSettingContext k : c.profileBody().knobSetting()) {
                settings.add(new KnobSetting(span(k), name(k.knob), knobValue(k.value)));
            }
            return new ProfileStmt(sp, name(c.name), name(c.parent), List.copyOf(settings));
        } else if (ctx instanceof AssertCoherentStmtContext c) {
            return new AssertCoherentStmt(sp, name(c.inst), semCond(c.semCond()));
        } else if (ctx instanceof AssertStmtContext c) {
            return new AssertStmt(sp, expr(c.cond), semCond(c.semCond()));
        } else if (ctx instanceof ExpectStmtContext c) {
            return new ExpectStmt(sp, name(c.kind), null, semCond(c.semCond()), c.what.getText().equals("warning"));
        } else if (ctx instanceof ScopedExpectStmtContext c) {
            return new ExpectStmt(sp, name(c.kind), violationScope(c.violationScope()), semCond(c.semCond()),
                    c.what.getText().equals("warning"));
        } else if (ctx instanceof RequiresStmtContext c) {
            return new RequiresStmt(sp, semSels(c.semSel()));
        } else if (ctx instanceof ShowStmtContext c) {
            return new ShowStmt(sp, name(c.what));
        } else if (ctx instanceof ThreadStmtContext c) {
            List<Stmt> body = new ArrayList<>();
            for (StatementContext st : c.threadBody().statement()) {
                body.add(statement(st));
            }
            return new ThreadStmt(sp, name(c.name), List.copyOf(body));
        } else if (ctx instanceof RunStmtContext c) {
            List<RunPart> parts = new ArrayList<>();
            for (RunPartContext part : c.runPart()) {
                Name until = part.step == null ? null : new Name(part.step.getText(), span(part.step));
                parts.add(new RunPart(span(part), name(part.thread), until));
            }
            return new RunStmt(sp, List.copyOf(parts));
        } else if (ctx instanceof ExploreStmtContext c) {
            return explore(c, sp);
        }
        Stmt expandable = expandable(ctx, sp);
        if (expandable != null) {
            return expandable;
        }
        throw new IllegalStateException("statement without a builder: " + ctx.getClass().getSimpleName());
    }

    /** def, a call of one, repeat and for: the statements the front end expands; null for any other. */
    private Stmt expandable(StatementContext ctx, Span sp) {
        if (ctx instanceof DefStmtContext c) {
            List<Name> params = new ArrayList<>();
            c.params.forEach(t -> params.add(name(t)));
            return new Expandable.Def(sp, name(c.name), List.copyOf(params), block(c.block()));
        } else if (ctx instanceof RepeatStmtContext c) {
            return new Expandable.Repeat(sp, numeric(c.count), block(c.block()));
        } else if (ctx instanceof ForStmtContext c) {
            return new Expandable.For(sp, name(c.var), range(c.range()), c.step == null ? null : numeric(c.step),
                    block(c.block()));
        } else if (ctx instanceof CallStmtContext c) {
            List<Expr> args = new ArrayList<>();
            c.args.forEach(a -> args.add(expr(a)));
            return new Expandable.CallDef(sp, name(c.fn), List.copyOf(args));
        }
        return null;
    }

    private List<Stmt> block(BlockContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) {
            out.add(statement(s));
        }
        return List.copyOf(out);
    }

    private KnobValue knobValue(KnobValueContext ctx) {
        Span sp = span(ctx);
        if (ctx instanceof NumberKnobContext n) {
            return new KnobValue(sp, Long.toString(number(n.number())), true, false);
        } else if (ctx instanceof StringKnobContext s) {
            return new KnobValue(sp, Literals.unquote(s.STRING().getText()), false, true);
        }
        return new KnobValue(sp, ctx.getText(), false, false);
    }

    private SemCond semCond(SemCondContext ctx) {
        if (ctx == null) {
            return null;
        }
        return new SemCond(span(ctx), semSels(ctx.semSel()));
    }

    private List<SemSel> semSels(List<SemSelContext> ctxs) {
        List<SemSel> sels = new ArrayList<>();
        for (SemSelContext s : ctxs) {
            sels.add(new SemSel(name(s.from), s.dots != null, name(s.to)));
        }
        return List.copyOf(sels);
    }

    private ViolationScope violationScope(ViolationScopeContext ctx) {
        if (ctx instanceof OnScopeContext o) {
            return new ViolationScope(span(ctx), name(o.mmu), o.addr == null ? null : num(o.addr),
                    atLine(o.atLine()));
        } else if (ctx instanceof AtScopeContext a) {
            return new ViolationScope(span(ctx), null, num(a.addr), atLine(a.atLine()));
        }
        return new ViolationScope(span(ctx), null, null, atLine(((LineScopeContext) ctx).atLine()));
    }

    private Num atLine(AtLineContext ctx) {
        return ctx == null ? null : num(ctx.line);
    }

    private DriverDef driverDef(Span sp, Name name, DriverBodyContext body) {
        List<Name> flags = new ArrayList<>();
        List<RequiresStmt> requires = new ArrayList<>();
        List<VarDecl> vars = new ArrayList<>();
        List<LockDecl> locks = new ArrayList<>();
        List<Handler> handlers = new ArrayList<>();
        for (MemberContext m : body.member()) {
            if (m instanceof VarMemberContext v) {
                vars.add(new VarDecl(span(v), name(v.name), v.init == null ? null : expr(v.init)));
            } else if (m instanceof LockMemberContext l) {
                locks.add(new LockDecl(span(l), name(l.name), l.kind.getText().equals("mutex")));
            } else if (m instanceof RequiresMemberContext r) {
                requires.add(new RequiresStmt(span(r), semSels(r.semSel())));
            } else if (m instanceof FlagsMemberContext f) {
                for (Token t : f.names) {
                    flags.add(name(t));
                }
            } else if (m instanceof OnMemberContext o) {
                handlers.add(new Handler(span(o), name(o.callback), o.cond == null ? null : expr(o.cond),
                        block(o.handlerBlock())));
            }
        }
        return new DriverDef(sp, name, List.copyOf(flags), List.copyOf(requires), List.copyOf(vars), List.copyOf(locks), List.copyOf(handlers));
    }

    private List<HStmt> block(HandlerBlockContext ctx) {
        List<HStmt> out = new ArrayList<>();
        for (HandlerStatementContext h : ctx.handlerStatement()) {
            out.add(handlerStatement(h));
        }
        return List.copyOf(out);
    }

    private HStmt handlerStatement(HandlerStatementContext ctx) {
        Span sp = span(ctx);
        if (ctx instanceof AssignStmtContext c) {
            return new Assign(sp, name(c.target.obj), name(c.target.name), c.op.getText(), expr(c.value));
        } else if (ctx instanceof LetStmtContext c) {
            return new Let(sp, name(c.name), expr(c.value));
        } else if (ctx instanceof IfStmtContext c) {
            List<HStmt> otherwise = List.of();
            if (c.otherwise != null) {
                otherwise = block(c.otherwise);
            } else if (c.elseIf != null) {
                HStmt nested = handlerStatement(c.elseIf);
                if (!(nested instanceof If)) {
                    diags.error(nested.span(), "expected '{' or 'if' after 'else'");
                }
                otherwise = List.of(nested);
            }
            return new If(sp, expr(c.cond), block(c.then), otherwise);
        } else if (ctx instanceof ReturnStmtContext c) {
            return new Return(sp, c.eagain != null);
        } else if (ctx instanceof RetryStmtContext) {
            return new Retry(sp);
        } else if (ctx instanceof LockStmtContext c) {
            return new Lock(sp, name(c.name));
        } else if (ctx instanceof UnlockStmtContext c) {
            return new Unlock(sp, name(c.name));
        } else if (ctx instanceof UnmapStmtContext c) {
            return new Unmap(sp, c.all != null ? null : handlerRange(c.handlerRange()), c.put != null);
        } else if (ctx instanceof MapStmtContext c) {
            return new MapPage(sp, atom(c.addr), name(c.page));
        } else if (ctx instanceof HandlerGupStmtContext c) {
            return new HGup(sp, atom(c.addr), c.write != null, name(c.page));
        } else if (ctx instanceof PutStmtContext c) {
            return new Put(sp, name(c.page));
        } else if (ctx instanceof SleepStmtContext) {
            return new Sleep(sp);
        } else if (ctx instanceof WalkStmtContext c) {
            return new Walk(sp, atom(c.addr), c.write != null, name(c.page));
        }
        throw new IllegalStateException("handler statement without a builder: " + ctx.getClass().getSimpleName());
    }

    private RangeExpr range(RangeContext ctx) {
        return new RangeExpr(span(ctx), numeric(ctx.lo), ctx.hi == null ? null : numeric(ctx.hi),
                ctx.count == null ? null : numeric(ctx.count));
    }

    private RangeExpr handlerRange(HandlerRangeContext ctx) {
        return new RangeExpr(span(ctx), atom(ctx.lo), ctx.hi == null ? null : atom(ctx.hi),
                ctx.count == null ? null : atom(ctx.count));
    }

    private Expr numeric(NumericContext ctx) {
        if (ctx instanceof NumberNumericContext n) {
            return new Num(span(ctx), number(n.number()));
        } else if (ctx instanceof NameNumericContext n) {
            return new NameRef(span(ctx), n.ID().getText());
        }
        return expr(((ExprNumericContext) ctx).expr());
    }

    private Expr atom(AtomContext ctx) {
        if (ctx instanceof NumberAtomContext n) {
            return new Num(span(ctx), number(n.number()));
        } else if (ctx instanceof NameAtomContext n) {
            return new NameRef(span(ctx), n.ID().getText());
        }
        return expr(((ParenAtomContext) ctx).expr());
    }

    private Expr expr(ExprContext ctx) {
        Span sp = span(ctx);
        if (ctx instanceof ParenExprContext p) {
            return expr(p.expr());
        } else if (ctx instanceof NumberExprContext n) {
            return new Num(sp, number(n.number()));
        } else if (ctx instanceof FieldExprContext f) {
            return new Field(sp, name(f.obj), name(f.field));
        } else if (ctx instanceof MemoryExprContext m) {
            return new Memory(sp, name(m.obj), expr(m.addr));
        } else if (ctx instanceof CallExprContext c) {
            List<Expr> args = new ArrayList<>();
            for (ExprContext a : c.args) {
                args.add(expr(a));
            }
            return new Call(sp, name(c.fn), List.copyOf(args));
        } else if (ctx instanceof NameExprContext n) {
            return new NameRef(sp, n.name.getText());
        } else if (ctx instanceof UnaryExprContext u) {
            return new Unary(sp, u.op.getText(), expr(u.expr()));
        } else if (ctx instanceof MulExprContext b) {
            return new Binary(sp, b.op.getText(), expr(b.left), expr(b.right));
        } else if (ctx instanceof AddExprContext b) {
            return new Binary(sp, b.op.getText(), expr(b.left), expr(b.right));
        } else if (ctx instanceof CompareExprContext b) {
            return new Binary(sp, b.op.getText(), expr(b.left), expr(b.right));
        } else if (ctx instanceof AndExprContext b) {
            return new Binary(sp, b.op.getText(), expr(b.left), expr(b.right));
        } else if (ctx instanceof OrExprContext b) {
            return new Binary(sp, b.op.getText(), expr(b.left), expr(b.right));
        }
        throw new IllegalStateException("expression without a builder: " + ctx.getClass().getSimpleName());
    }

    private Num num(NumberContext ctx) {
        return new Num(span(ctx), number(ctx));
    }

    private long number(NumberContext ctx) {
        try {
            return Literals.number(ctx.getText(), ctx.HEX() != null);
        } catch (NumberFormatException e) {
            diags.error(span(ctx), "number too large: " + ctx.getText(), "expected at most 64 bits");
            return 0;
        }
    }

    /** {@code explore T, U [max N]}: the bound's keyword is a plain word, so that 'max' stays a usable name. */
    private Stmt explore(ExploreStmtContext c, Span sp) {
        List<Name> threads = new ArrayList<>();
        for (org.antlr.v4.runtime.Token t : c.threads) {
            threads.add(name(t));
        }
        if (c.bound != null && !c.bound.getText().equals("max")) {
            diags.error(span(c.bound), "unexpected '" + c.bound.getText() + "' after the threads",
                    "expected 'max N' (the most states to explore), or the end of the statement");
        }
        return new ExploreStmt(sp, List.copyOf(threads), c.max == null ? null : numeric(c.max));
    }
}
