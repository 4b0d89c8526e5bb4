package dev.mmuscript.model;

/** A mapping's protection, as written in scripts: none, r, rw, rx, rwx, w, wx, x. */
public record Prot(boolean read, boolean write, boolean exec) implements Fingerprint.Fingerprinted {
    public static Prot parse(String text) {
        if (text.equals("none")) {
            return new Prot(false, false, false);
        }
        if (text.isEmpty() || !text.matches("r?w?x?")) {
            return null;
        }
        return new Prot(text.contains("r"), text.contains("w"), text.contains("x"));
    }

    public boolean accessible() {
        return read || write || exec;
    }

    @Override
    public String toString() {
        String s = (read ? "r" : "") + (write ? "w" : "") + (exec ? "x" : "");
        return s.isEmpty() ? "none" : s;
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED27133077L;
        h = Fingerprint.add(h, read);
        h = Fingerprint.add(h, write);
        h = Fingerprint.add(h, exec);
        return h;
    }
}
