package dev.mmuscript.report;

/** How {@code mmu run} prints a run: the text trace, or one JSON object per line (docs/json.md). */
public enum Format { TEXT, JSON }
