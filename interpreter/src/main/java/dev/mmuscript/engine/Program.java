package dev.mmuscript.engine;

import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.DriverDef;
import java.util.Map;

/**
 * A checked script, ready to run: its statements (includes loaded), the semantics it runs under, and the drivers
 * it can attach (the stdlib's it names and its own).
 */
public record Program(Ast.Script script, Semantics semantics, Map<String, DriverDef> drivers) {
}
