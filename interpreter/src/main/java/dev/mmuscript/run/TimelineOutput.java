package dev.mmuscript.run;

import dev.mmuscript.report.Timeline;
import dev.mmuscript.report.TimelineDot;
import dev.mmuscript.report.TimelineRecorder;
import dev.mmuscript.report.TimelineSvg;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code --timeline FILE.svg} and {@code --dot FILE.dot}: writes what a run's recorder drew. When there is nothing
 * to draw (an explore found no violation, the script did not run) no file is written and a note on stderr says why;
 * a file that cannot be written is an error (exit code 2), as {@code mmu test --junit} has it.
 */
public final class TimelineOutput {
    private TimelineOutput() {
    }

    /** Writes the files asked for (null: not asked); 0 when done or when there was nothing to draw, else 2. */
    public static int write(TimelineRecorder recorder, Path svg, Path dot, PrintWriter err) {
        Timeline t = recorder.timeline();
        int code = Math.max(one(recorder, t, svg, TimelineSvg::render, err),
                one(recorder, t, dot, TimelineDot::render, err));
        err.flush();
        return code;
    }

    private static int one(TimelineRecorder recorder, Timeline t, Path file, Function<Timeline, String> draw,
            PrintWriter err) {
        if (file == null) {
            return Runner.PASSED;
        }
        if (t == null) {
            err.println("mmu: no timeline: " + recorder.nothing() + "; " + file + " is not written");
            return Runner.PASSED;
        }
        String problem = write(file, draw.apply(t));
        if (problem != null) {
            err.println("mmu: error: " + problem);
            return Runner.COULD_NOT_RUN;
        }
        return Runner.PASSED;
    }

    /** Writes {@code text} to {@code file}; null when done, else why not. */
    static String write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return null;
        } catch (IOException e) {
            return "cannot write " + file + ": " + GoldenFile.reason(e);
        }
    }
}
