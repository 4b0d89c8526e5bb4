package dev.mmuscript.cli;

import picocli.CommandLine;

/** The {@code mmu} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MmuCommand.commandLine().execute(args));
    }
}
