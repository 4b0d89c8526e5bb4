package dev.mmuscript.report;

import dev.mmuscript.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the events of one run that {@code --timeline} and {@code --dot} draw. A script with no {@code explore} is
 * drawn whole. A script with explores is drawn as the schedule the first of them that found a violation printed
 * (its re-run by the scripted scheduler, after {@code shortest schedule:}); when none found one, there is no
 * schedule to draw, and {@link #timeline()} says why.
 */
public final class TimelineRecorder implements Consumer<Event> {
    private String script;
    private String profile;
    private List<String> threads = List.of();
    private final List<Event> whole = new ArrayList<>();
    private List<Event> schedule;
    private boolean inSchedule;
    private boolean explored;
    private Event.Statement statement;
    private String found;
    private String title;
    private String subtitle = "";

    /** The run begins: the script's name, the profile it runs under, its threads in declaration order. */
    public void begin(String script, String profile, List<String> threads) {
        this.script = script;
        this.profile = profile;
        this.threads = List.copyOf(threads);
    }

    @Override
    public void accept(Event e) {
        if (schedule != null && !inSchedule) {
            return;
        }
        if (inSchedule) {
            if (e instanceof Event.ExploreUndone) {
                inSchedule = false;
            } else {
                schedule.add(e);
            }
            return;
        }
        if (e instanceof Event.Statement s) {
            statement = s;
        } else if (e instanceof Event.Explored x) {
            explored = true;
            found = x.found();
        } else if (e instanceof Event.ScheduleFound f) {
            schedule = new ArrayList<>();
            inSchedule = true;
            title = script + " under " + profile + ": " + (statement == null ? "explore" : statement.text() + " (line "
                    + statement.where() + ")") + " found " + found.replaceFirst("^violation ", "");
            subtitle = "shortest schedule: " + f.run();
            return;
        }
        whole.add(e);
    }

    /** What to draw, or null when there is nothing: then {@link #nothing()} says why. */
    public Timeline timeline() {
        if (schedule != null) {
            return Timeline.of(title, subtitle, threads, schedule);
        }
        if (script == null || explored) {
            return null;
        }
        return Timeline.of(script + " under " + profile, "", threads, whole);
    }

    /** Why there is nothing to draw, when {@link #timeline()} is null. */
    public String nothing() {
        if (script == null) {
            return "the script did not run";
        }
        return "no explore found a violation, so there is no schedule to draw";
    }
}
