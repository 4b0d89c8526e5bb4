package dev.mmuscript.repl;

import dev.mmuscript.front.Stdlib;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The names a session knows, for completion and highlighting: from its state, and from the statements it ran. */
final class SessionNames {
    private SessionNames() {
    }

    /** The names a session knows now, each list in a stable order. */
    record Names(List<String> processes, List<String> files, List<String> devices, Map<String, List<String>> fields,
            List<String> pins, List<String> drivers, List<String> profiles) {
        boolean contains(String name) {
            return processes.contains(name) || files.contains(name) || devices.contains(name)
                    || pins.contains(name) || drivers.contains(name) || profiles.contains(name);
        }
    }

    static Names of(MachineState st, List<Stmt> statements) {
        List<String> devices = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Instance i : st.instances().values()) {
            if (i.attached()) {
                devices.add(i.name());
            }
            fields.put(i.name(), i.vars().keys());
        }
        return new Names(st.procs().keys(), st.files().keys(), devices, fields, st.pins().keys(),
                drivers(statements), profiles(statements));
    }

    /** The stdlib drivers, then those the session defined. */
    private static List<String> drivers(List<Stmt> statements) {
        List<String> out = new ArrayList<>(Stdlib.drivers());
        for (Stmt s : statements) {
            if (s instanceof Ast.DriverStmt d && !out.contains(d.def().name().text())) {
                out.add(d.def().name().text());
            }
        }
        return out;
    }

    /** The stdlib profiles, then those the session defined. */
    static List<String> profiles(List<Stmt> statements) {
        List<String> out = new ArrayList<>(Stdlib.profiles());
        for (Stmt s : statements) {
            if (s instanceof Ast.ProfileStmt ps && !out.contains(ps.name().text())) {
                out.add(ps.name().text());
            }
        }
        return out;
    }
}
