package dev.mmuscript.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (set by the build). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MmuCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mmu " + (v == null ? "(development build)" : v)};
    }
}
