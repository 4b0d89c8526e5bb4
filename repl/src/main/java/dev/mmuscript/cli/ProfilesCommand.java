package dev.mmuscript.cli;

import dev.mmuscript.run.ProfileReport;
import dev.mmuscript.semantics.Semantics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmu profiles [NAME | --diff A B]}: the stdlib's semantics profiles (kernel eras) in era order, one of them
 * knob by knob, or what changed between two.
 */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "List the semantics profiles (kernel eras) oldest first, show one knob by knob with the"
                + " profile that set each, or show what changed between two.")
final class ProfilesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "the profile to show")
    String name;

    @Option(names = "--diff", arity = "2", paramLabel = "PROFILE",
            description = "the knobs and callbacks that differ from the first profile to the second, and the"
                    + " profiles in between that changed them")
    List<String> diff;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (name != null && diff != null) {
            err.println("mmu: error: give a profile to show or --diff A B, not both");
            return 2;
        }
        if (diff != null && diff.size() != 2) {
            err.println("mmu: error: --diff takes two profiles, once");
            return 2;
        }
        ProfileReport.Eras loaded = ProfileReport.stdlib();
        if (!loaded.problems().isEmpty()) {
            err.print("mmu: error: the stdlib's profiles do not resolve:\n" + loaded.problems());
            return 2;
        }
        List<Semantics> eras = loaded.eras();
        if (diff != null) {
            Semantics a = find(eras, diff.get(0), err);
            Semantics b = a == null ? null : find(eras, diff.get(1), err);
            if (b == null) {
                return 2;
            }
            out.print(ProfileReport.diff(a, b, eras));
        } else if (name != null) {
            Semantics s = find(eras, name, err);
            if (s == null) {
                return 2;
            }
            out.print(ProfileReport.show(s));
        } else {
            out.print(ProfileReport.list(eras));
        }
        out.flush();
        return 0;
    }

    private static Semantics find(List<Semantics> eras, String name, PrintWriter err) {
        Semantics s = ProfileReport.find(eras, name);
        if (s == null) {
            err.println("mmu: error: unknown semantics profile '" + name + "'");
            err.println("expected one of: " + String.join(", ", eras.stream().map(Semantics::name).toList()));
        }
        return s;
    }
}
