package dev.mmuscript.front;

import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.ProfileStmt;
import dev.mmuscript.syntax.Diagnostics;

import dev.mmuscript.syntax.Span;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Resolves profile names to {@link Semantics}: the script's own {@code profile} blocks first, then the stdlib's. */
public final class Profiles {
    /** The longest chain of {@code extends} (the stdlib's is under twenty). */
    static final int MAX_EXTENDS = 64;
    private final Map<String, ProfileStmt> local = new HashMap<>();
    private final Map<String, Semantics> cache = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private final Set<String> failed = new java.util.HashSet<>();
    private final Diagnostics diags;

    public Profiles(Diagnostics diags) {
        this.diags = diags;
    }

    public void define(ProfileStmt p) {
        local.put(p.name().text(), p);
    }

    /** The profile's semantics, or null after reporting at {@code at} why it cannot be had. */
    public Semantics resolve(String name, Span at) {
        Semantics cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        if (failed.contains(name)) {
            return null;    // already reported
        }
        ProfileStmt def = local.containsKey(name) ? local.get(name) : loadStdlib(name);
        if (def == null) {
            if (at != null) {
                unknown(name, at);
            }
            return null;
        }
        if (resolving.size() >= MAX_EXTENDS) {
            diags.error(def.name().span(), "profile '" + name + "' is more than " + MAX_EXTENDS + " profiles down a"
                    + " chain of 'extends'", "expected a chain of at most " + MAX_EXTENDS + " profiles");
            failed.add(name);
            return null;
        }
        if (!resolving.add(name)) {
            diags.error(def.name().span(), "profile '" + name + "' extends itself", "expected a chain of"
                    + " profiles that ends in one without 'extends'");
            return null;
        }
        try {
            Semantics s;
            if (def.parent() == null) {
                s = Semantics.unset(name);
            } else {
                Semantics parent = resolve(def.parent().text(), def.parent().span());
                if (parent == null) {
                    failed.add(name);    // already reported, once, at the parent
                    return null;
                }
                if (parent.lineage().size() >= MAX_EXTENDS) {
                    diags.error(def.name().span(), "profile '" + name + "' is more than " + MAX_EXTENDS + " profiles"
                            + " down a chain of 'extends'", "expected a chain of at most " + MAX_EXTENDS + " profiles");
                    failed.add(name);
                    return null;
                }
                s = parent.child(name);
            }
            for (Ast.KnobSetting k : def.settings()) {
                s = apply(s, k.knob(), k.value());
            }
            if (def.parent() == null && !s.unsetKnobs().isEmpty()) {
                diags.error(def.name().span(), "profile '" + name + "' extends nothing and leaves knobs unset: "
                        + String.join(", ", s.unsetKnobs()), "expected every knob set in a root profile");
                failed.add(name);
                return null;
            }
            cache.put(name, s);
            return s;
        } finally {
            resolving.remove(name);
        }
    }

    /** Applies {@code knob = value}; reports and returns {@code s} unchanged if either is wrong. */
    public Semantics apply(Semantics s, Ast.Name knob, Ast.KnobValue value) {
        Knob k = Knob.byKey(knob.text());
        if (k == null) {
            diags.error(knob.span(), "unknown knob '" + knob.text() + "'" + Suggest.didYouMean(knob.text(),
                    Knob.keys()), "expected one of: "
                    + String.join(", ", Knob.keys()));
            return s;
        }
        String problem = Semantics.check(k, value.text(), value.isNumber(), value.isString());
        if (problem != null) {
            diags.error(value.span(), "bad value '" + value.text() + "' for " + k.key(), problem);
            return s;
        }
        return s.with(k, value.text());
    }

    private ProfileStmt loadStdlib(String name) {
        for (Ast.Stmt st : Stdlib.parse("semantics", name, diags)) {
            if (st instanceof ProfileStmt p && p.name().text().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Every profile a script can name: the stdlib's and its own. */
    java.util.List<String> names() {
        java.util.List<String> all = new java.util.ArrayList<>(Stdlib.profiles());
        all.addAll(local.keySet());
        return all;
    }

    /** {@code if semantics a, b..c}: every profile the condition names exists (none is resolved). */
    void check(Ast.SemCond c) {
        if (c == null) {
            return;
        }
        for (Ast.SemSel s : c.selectors()) {
            exists(s.from());
            if (s.to() != null) {
                exists(s.to());
            }
        }
    }

    private void exists(Ast.Name n) {
        if (!exists(n.text())) {
            unknown(n.text(), n.span());
        }
    }

    private void unknown(String name, Span at) {
        diags.error(at, "unknown semantics profile '" + name + "'" + Suggest.didYouMean(name, names()),
                "expected one of: " + String.join(", ", Stdlib.profiles()));
    }

    public boolean exists(String name) {
        return local.containsKey(name) || Stdlib.read("semantics/" + name + ".mmu") != null;
    }
}
