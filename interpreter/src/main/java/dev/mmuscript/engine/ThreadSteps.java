package dev.mmuscript.engine;

import dev.mmuscript.syntax.Ast.Stmt;
import java.util.List;
import java.util.Map;

/**
 * The steps of a thread's statements, as {@code run ... until} names them: first those its solo run took (from
 * where the thread started, callees and handlers included), then the other steps of its own code. {@code ended}
 * says why the solo run ended early (it had to wait, or a bound), or is null when it ran to its end.
 */
public record ThreadSteps(Map<Stmt, List<String>> steps, String ended) {
}
