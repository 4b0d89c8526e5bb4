package dev.mmuscript.front;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Violation;
import dev.mmuscript.syntax.Ast.ExpectStmt;
import dev.mmuscript.syntax.Diagnostics;
import java.util.List;

/** What an {@code expect} names: a kind of violation, or ({@code expect warning}) a kind of warning, which has no address. */
final class ExpectedKinds {
    private ExpectedKinds() {
    }

    static void check(ExpectStmt s, Diagnostics diags) {
        if (s.warning()) {
            warning(s, diags);
        } else if (!Violation.KINDS.contains(s.kind().text())) {
            diags.error(s.kind().span(), "unknown violation kind '" + s.kind().text() + "'"
                    + Suggest.didYouMean(s.kind().text(), Violation.KINDS),
                    "expected one of: " + String.join(", ", Violation.KINDS));
        }
    }

    /** {@code expect warning KIND [on MMU] [at line N]}: a known kind, and no address (a warning has none). */
    private static void warning(ExpectStmt s, Diagnostics diags) {
        List<String> kinds = Event.Warning.KINDS;
        String kind = s.kind().text();
        if (Violation.KINDS.contains(kind)) {
            diags.error(s.kind().span(), "'" + kind + "' is a violation, not a warning",
                    "expected 'expect violation " + kind + "', or a warning: " + String.join(", ", kinds));
        } else if (!kinds.contains(kind)) {
            diags.error(s.kind().span(), "unknown warning kind '" + kind + "'" + Suggest.didYouMean(kind, kinds),
                    "expected one of: " + String.join(", ", kinds));
        }
        if (s.scope() != null && s.scope().addr() != null) {
            diags.error(s.scope().addr().span(), "a warning has no address",
                    "expected 'on NOTIFIER' or 'at line N' to scope a warning");
        }
    }
}
