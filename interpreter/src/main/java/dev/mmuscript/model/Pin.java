package dev.mmuscript.model;

import java.util.List;

/** A named gup pin taken by a script ({@code gup ... as NAME}) or by a driver's fault handler. */
public record Pin(String name, String proc, boolean write, List<PinnedPage> pages) {
}
