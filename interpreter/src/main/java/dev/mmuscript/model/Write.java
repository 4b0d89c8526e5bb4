package dev.mmuscript.model;

/** The last write to a page: through which MMU ("cpu" or an instance), into which frame, what value. */
public record Write(String by, long pfn, int generation, long value) {
}
