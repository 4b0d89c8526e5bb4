package dev.mmuscript.cli;

import dev.mmuscript.repl.Repl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmu repl [FILE]}: an interactive session on a terminal, or statements read from a pipe. */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Explore interactively: each statement runs as you enter it and prints its trace; the"
                + " machine's state carries over to the next. :help inside lists the commands.",
            "Without a terminal, reads statements from standard input, without prompts or colours.",
            "History is kept in ~/.mmu_history (or the file named by MMU_HISTORY; empty for none)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the session ended", "2:FILE could not be read, or (without a terminal) some input was"
                + " rejected"})
final class ReplCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "a script to run first; the session goes on"
            + " from its state (include paths are relative to its directory)")
    Path file;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file != null && !Files.isRegularFile(file)) {
            err.println("mmu: error: cannot read " + file);
            return 2;
        }
        Path dir = file == null ? Path.of("").toAbsolutePath()
                : file.toAbsolutePath().normalize().getParent();
        Repl repl = new Repl(dir);
        if (!Repl.isTerminal()) {
            boolean started = file == null || repl.start(file, out, err);
            int code = repl.plain(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    out, err);
            return started ? code : 2;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter w = terminal.writer();
            if (file != null) {
                repl.start(file, w, w);
            }
            return repl.interactive(terminal, history());
        }
    }

    /** The history file: $MMU_HISTORY (or -Dmmu.history) if set, empty for none; else ~/.mmu_history. */
    static Path history() {
        String p = System.getProperty("mmu.history", System.getenv("MMU_HISTORY"));
        if (p != null) {
            return p.isEmpty() ? null : Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".mmu_history");
    }
}
