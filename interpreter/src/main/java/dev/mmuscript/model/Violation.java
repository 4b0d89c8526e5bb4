package dev.mmuscript.model;

/** A broken invariant: its stable kebab-case kind, the MMU it concerns, the address and frame, and why. */
public record Violation(String kind, String mmu, long va, long pfn, String detail) {
    /** The kinds a script can name in {@code expect violation}. */
    public static final java.util.List<String> KINDS = java.util.List.of("stale-shadow", "shadow-use-after-free",
            "shadow-write-to-readonly", "lost-write", "stale-tlb", "unpaired-invalidate", "sleep-in-atomic",
            "deadlock", "livelock", "page-leak");

    /** Identity for reporting each violation once; runtime kinds without an address are told apart by detail. */
    public String key() {
        return va < 0 ? kind + "|" + mmu + "|" + detail : kind + "|" + mmu + "|" + va + "|" + pfn;
    }
}
