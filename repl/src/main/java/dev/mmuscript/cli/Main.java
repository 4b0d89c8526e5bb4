package dev.mmuscript.cli;

/** The {@code mmu} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MmuCommand.commandLine().execute(args));
    }
}
