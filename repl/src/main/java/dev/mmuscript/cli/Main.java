package dev.mmuscript.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code mmu} command. Whatever happens, it ends with a documented exit code: an error of ours that escapes
 * the command (a stack overflow, memory exhausted) is exit 3 with one line, and so is output that could not be
 * written (a full disk, a closed pipe).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cl = MmuCommand.commandLine(args);
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) {
            code = MmuCommand.internalError(t, cl.getErr());
        }
        PrintWriter out = cl.getOut();
        out.flush();
        if (out.checkError()) {
            cl.getErr().println("mmu: error: cannot write the output");
            cl.getErr().flush();
            return MmuCommand.INTERNAL;
        }
        return code;
    }
}
