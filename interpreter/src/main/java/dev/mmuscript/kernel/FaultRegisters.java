package dev.mmuscript.kernel;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Prefixed;

/** The registers of {@link Fault}'s paths: a CPU access, {@code touch}, and handle_mm_fault. */
final class FaultRegisters {
    private FaultRegisters() {
    }

    /**
     * The registers of a CPU access: what, where, on which CPU; {@code done} once it happened, {@code failed} on
     * SIGSEGV.
     */
    record Access(String proc, long va, boolean write, Long value, int cpu, boolean touchOnly, boolean done,
            boolean failed) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "fault";
        }

        Access finished(boolean ok) {
            return new Access(proc, va, write, value, cpu, touchOnly, true, !ok);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x39BFFF71ECBC59AAL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, value);
            h = Fingerprint.add(h, cpu);
            h = Fingerprint.add(h, touchOnly);
            h = Fingerprint.add(h, done);
            h = Fingerprint.add(h, failed);
            return h;
        }
    }

    /** The registers of {@code touch}: the pages left to access, and whether one failed. */
    record Touch(String proc, Range range, boolean write, long next, boolean failed)
            implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "fault";
        }

        Touch after(boolean ok) {
            return new Touch(proc, range, write, next + Range.PAGE, !ok);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0xE1425BCC29D1B0FL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, next);
            h = Fingerprint.add(h, failed);
            return h;
        }
    }

    /** What handle_pte_fault found it must still do after its step: nothing, copy the page, or reuse it. */
    enum Wp { NONE, COPY, REUSE }

    /**
     * The registers of handle_mm_fault: the access ({@code user}: a CPU's, which gets SIGSEGV; else gup's, which
     * gets EFAULT), the PTE the fault read, what it must still do, and whether the access is not allowed.
     */
    record Regs(String proc, long va, boolean write, boolean user, Pte orig, Wp wp, boolean failed)
            implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "fault";
        }

        Regs failing() {
            return new Regs(proc, va, write, user, orig, wp, true);
        }

        Regs then(Pte p, Wp w) {
            return new Regs(proc, va, write, user, p, w, failed);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x5E0FFB7657CF4E33L;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, user);
            h = Fingerprint.add(h, orig);
            h = Fingerprint.add(h, wp);
            h = Fingerprint.add(h, failed);
            return h;
        }
    }
}
