package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Jobs side by side: results handed on in the jobs' order, whichever ends first; a job's bug is not swallowed. */
class SideBySideTest {
    @Test
    void aLaterJobThatEndsFirstIsStillHandedOnSecond() {
        CountDownLatch secondEnded = new CountDownLatch(1);
        List<String> ended = java.util.Collections.synchronizedList(new ArrayList<>());
        Supplier<String> first = () -> {
            try {
                // The first job ends only once the second has: the two must run at once.
                assertTrue(secondEnded.await(30, TimeUnit.SECONDS), "the jobs did not run side by side");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            ended.add("first");
            return "first";
        };
        Supplier<String> second = () -> {
            ended.add("second");
            secondEnded.countDown();
            return "second";
        };
        List<String> handed = new ArrayList<>();
        SideBySide.inOrder(List.of(first, second), 2, 2, handed::add);
        assertEquals(List.of("second", "first"), ended);
        assertEquals(List.of("first", "second"), handed);
    }

    @Test
    void oneThreadRunsTheJobsInOrderOnTheCallersThread() {
        List<String> on = new ArrayList<>();
        Supplier<String> job = () -> Thread.currentThread().getName();
        SideBySide.inOrder(List.of(job, job), 1, 2, on::add);
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), on);
    }

    @Test
    void noMoreThreadsThanCores() {
        List<String> on = new ArrayList<>();
        Supplier<String> job = () -> Thread.currentThread().getName();
        SideBySide.inOrder(List.of(job, job), 8, 1, on::add);
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), on);
    }

    @Test
    void aJobThatThrowsThrowsInItsTurnAfterTheJobsBeforeIt() {
        List<String> handed = new ArrayList<>();
        Supplier<String> ok = () -> "ok";
        Supplier<String> bug = () -> {
            throw new IllegalStateException("a bug");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SideBySide.inOrder(List.of(ok, bug, ok), 2, 2, handed::add));
        assertEquals("a bug", e.getMessage());
        assertEquals(List.of("ok"), handed);
    }

    @Test
    void scriptRunsPrintTheirStreamsInOrder() {
        List<SideBySide.Run> runs = List.of((o, e) -> {
            o.println("out 1");
            e.println("err 1");
            return 1;
        }, (o, e) -> {
            o.println("out 2");
            return 0;
        });
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<Integer> codes = SideBySide.run(runs, 2, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));
        assertEquals(List.of(1, 0), codes);
        assertEquals("out 1\nout 2\n", out.toString());
        assertEquals("err 1\n", err.toString());
    }
}
