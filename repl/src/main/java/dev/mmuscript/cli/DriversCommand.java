package dev.mmuscript.cli;

import dev.mmuscript.run.DriverReport;
import dev.mmuscript.run.ProfileReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmu drivers [NAME]}: the stdlib's drivers (secondary-MMU models) with a summary and their callbacks, or
 * one of them with the eras that call each callback and its source.
 */
@Command(name = "drivers", mixinStandardHelpOptions = true,
        description = "List the stdlib drivers (secondary-MMU models) with a summary and the callbacks each"
                + " implements, or show one: its variables and locks, the eras in which the kernel calls each of"
                + " its callbacks, and its source.")
final class DriversCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "the driver to show")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DriverReport.Loaded loaded = DriverReport.stdlib();
        if (!loaded.problems().isEmpty()) {
            err.print("mmu: error: the stdlib's drivers do not load:\n" + loaded.problems());
            return 2;
        }
        List<DriverReport.Driver> drivers = loaded.drivers();
        if (name == null) {
            out.print(DriverReport.list(drivers));
            out.flush();
            return 0;
        }
        DriverReport.Driver d = DriverReport.find(drivers, name);
        if (d == null) {
            err.println("mmu: error: unknown driver '" + name + "'");
            err.println("expected one of: " + String.join(", ", drivers.stream().map(DriverReport.Driver::name)
                    .toList()));
            return 2;
        }
        ProfileReport.Eras eras = ProfileReport.stdlib();
        if (!eras.problems().isEmpty()) {
            err.print("mmu: error: the stdlib's profiles do not resolve:\n" + eras.problems());
            return 2;
        }
        out.print(DriverReport.show(d, eras.eras()));
        out.flush();
        return 0;
    }
}
