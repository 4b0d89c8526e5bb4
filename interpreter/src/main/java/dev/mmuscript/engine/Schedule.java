package dev.mmuscript.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A schedule the explorer found, as the parts of a {@code run} statement that replays it: consecutive moves of
 * one thread become one part, {@code T until STEP} at the step it stopped after, or {@code T} when it ran to its
 * end. {@code run T until S} stops at the next S, so a part in which S comes twice is split there.
 */
final class Schedule {
    private Schedule() {
    }

    /** One part: a thread and the step it runs until (null: to its end, or until it must wait). */
    record Part(String thread, String until) {
        @Override
        public String toString() {
            return until == null ? thread : thread + " until " + until;
        }
    }

    /** The parts that replay {@code moves}; {@code then}, when not null, is a thread run last until it must wait. */
    static List<Part> of(List<Explorer.Move> moves, String then) {
        List<Part> out = new ArrayList<>();
        int i = 0;
        while (i < moves.size()) {
            int end = i;
            while (end < moves.size() && moves.get(end).thread().equals(moves.get(i).thread())) {
                end++;
            }
            segment(moves.subList(i, end), out);
            i = end;
        }
        if (then != null) {
            out.add(new Part(then, null));
        }
        return out;
    }

    /** The moves of one thread with no other thread's in between. */
    private static void segment(List<Explorer.Move> moves, List<Part> out) {
        String thread = moves.get(0).thread();
        if (moves.get(moves.size() - 1).finished()) {
            out.add(new Part(thread, null));    // it ran to its end
            return;
        }
        Set<String> seen = new HashSet<>();
        String last = null;
        for (Explorer.Move mv : moves) {
            for (String step : mv.steps()) {
                if (seen.contains(step)) {
                    out.add(new Part(thread, last));
                    seen.clear();
                }
                seen.add(step);
                last = step;
            }
        }
        out.add(new Part(thread, last));
    }

    /** {@code run a until x, b, a}. */
    static String text(List<Part> parts) {
        List<String> each = new ArrayList<>();
        for (Part p : parts) {
            each.add(p.toString());
        }
        return "run " + String.join(", ", each);
    }
}
