package dev.mmuscript.engine;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.kernel.Kernel;
import dev.mmuscript.model.Prot;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.syntax.Ast.*;

/**
 * The step program of each statement that has one (every kernel path and device operation), for a thread to run
 * step by step: the statement's operands evaluated, then the kernel's or the driver's code for it.
 */
final class StatementCode {
    private final Kernel kernel;
    private final Drivers drivers;
    private final Operands operands;

    StatementCode(Kernel kernel, Drivers drivers, Operands operands) {
        this.kernel = kernel;
        this.drivers = drivers;
        this.operands = operands;
    }

    /** The code of a statement whose path has steps of its own, for a thread to run step by step; else null. */
    Invocation of(Stmt s) {
        if (s instanceof DeviceFaultStmt f) {
            return drivers.faultInvocation(f.inst().text(), Operands.page(operands.num(f.addr())), f.write());
        }
        if (s instanceof DeviceWriteStmt w) {
            return drivers.accessInvocation(w.inst().text(), Operands.page(operands.num(w.addr())), true,
                    operands.num(w.value()));
        }
        if (s instanceof DeviceReadStmt r) {
            return drivers.accessInvocation(r.inst().text(), Operands.page(operands.num(r.addr())), false, 0);
        }
        if (s instanceof AgeStmt a) {
            return kernel.ageCode(a.proc().text(), operands.range(a.range()));
        }
        if (s instanceof ReclaimStmt r) {
            return kernel.reclaimCode(r.proc().text(), operands.range(r.range()));
        }
        if (s instanceof MigrateStmt r) {
            return kernel.migrateCode(r.proc().text(), operands.range(r.range()));
        }
        if (s instanceof WritebackStmt w) {
            return kernel.writebackCode(w.file().text());
        }
        if (s instanceof ZapStmt z) {
            return kernel.zapInvocation(z.proc().text(), operands.range(z.range()), "zap");
        }
        if (s instanceof MadviseStmt z) {
            return kernel.zapInvocation(z.proc().text(), operands.range(z.range()), "madvise");
        }
        if (s instanceof MunmapStmt z) {
            return kernel.munmapInvocation(z.proc().text(), operands.range(z.range()));
        }
        if (s instanceof WriteStmt w) {
            return kernel.accessInvocation(w.proc().text(), Operands.page(operands.num(w.addr())), true, operands.num(w.value()), operands.cpu(w.cpu()));
        }
        if (s instanceof ReadStmt w) {
            return kernel.accessInvocation(w.proc().text(), Operands.page(operands.num(w.addr())), false, null, operands.cpu(w.cpu()));
        }
        if (s instanceof TouchStmt t) {
            return kernel.touchInvocation(t.proc().text(), operands.range(t.range()), t.write());
        }
        if (s instanceof GupStmt g) {
            return kernel.pinInvocation(g.proc().text(), operands.range(g.range()), g.write(), g.pin().text());
        }
        if (s instanceof UnpinStmt u) {
            return kernel.unpinInvocation(u.pin().text());
        }
        return compiledPath(s);
    }

    /** The address-space, notifier-registration and teardown paths that have step programs of their own. */
    private Invocation compiledPath(Stmt s) {
        if (s instanceof MmapStmt x) {
            Prot prot = Prot.parse(x.prot().text());
            return x.file() == null ? kernel.mmapCode(x.proc().text(), operands.range(x.range()), prot, x.shared())
                    : kernel.mmapFileCode(x.proc().text(), operands.range(x.range()), prot, x.file().text(), operands.num(x.offset()),
                            x.shared(), x.nonlinear());
        }
        if (s instanceof MprotectStmt x) {
            return kernel.mprotectCode(x.proc().text(), operands.range(x.range()), Prot.parse(x.prot().text()));
        }
        if (s instanceof ForkStmt x) {
            return kernel.forkCode(x.proc().text(), x.child().text());
        }
        if (s instanceof MremapStmt x) {
            return kernel.mremapCode(x.proc().text(), operands.range(x.range()), operands.num(x.dest()));
        }
        if (s instanceof KsmMergeStmt x) {
            return kernel.ksmMergeCode(x.proc().text(), Operands.page(operands.num(x.addr())), Operands.page(operands.num(x.other())));
        }
        if (s instanceof RemapFilePagesStmt x) {
            return kernel.remapFilePagesCode(x.proc().text(), operands.range(x.range()), operands.num(x.pgoff()));
        }
        if (s instanceof OomReapStmt x) {
            return kernel.oomReapCode(x.proc().text());
        }
        if (s instanceof ExitStmt x) {
            return kernel.exitCode(x.proc().text());
        }
        if (s instanceof AttachStmt x) {
            return kernel.attachCode(x.driver().text(), x.proc().text(), x.inst().text());
        }
        if (s instanceof DetachStmt x) {
            return kernel.detachCode(x.inst().text());
        }
        return null;
    }
}
