package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.MmapStmt;
import dev.mmuscript.syntax.Ast.MremapStmt;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.RangeExpr;
import dev.mmuscript.syntax.Ast.RemapFilePagesStmt;
import dev.mmuscript.syntax.Diagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The address spaces as the checker follows the script: each process's mappings (and its shared nonlinear file
 * mappings, which remap_file_pages needs), whether it has exited, and the files with their sizes. A range a
 * statement works on must lie inside the mappings its process has at that point of the script.
 */
final class AddressSpaces {
    /** The most pages one statement walks page by page (touch, gup, remap_file_pages): 16 MiB. */
    static final int MAX_WALK_PAGES = 4096;

    private final Diagnostics diags;
    private final Constants values;
    private final Map<String, List<Range>> vmas = new HashMap<>();
    private final Map<String, Integer> exited = new HashMap<>();
    private final Map<String, Long> files = new HashMap<>();
    /** Per process, the ranges of its shared nonlinear file mappings, with the size of the file mapped. */
    private final Map<String, Map<Range, Long>> nonlinear = new HashMap<>();

    AddressSpaces(Diagnostics diags, Constants values) {
        this.diags = diags;
        this.values = values;
    }

    Set<String> processes() {
        return vmas.keySet();
    }

    boolean isProcess(String name) {
        return vmas.containsKey(name);
    }

    void declareProcess(String name) {
        vmas.put(name, new ArrayList<>());
    }

    /** A live process named {@code n}, else an error. */
    boolean process(Name n) {
        if (!vmas.containsKey(n.text())) {
            diags.error(n.span(), "unknown process '" + n.text() + "'" + Suggest.didYouMean(n.text(), vmas.keySet()),
                    Suggest.known("a process declared with 'process NAME'", vmas.keySet()));
            return false;
        }
        Integer line = exited.get(n.text());
        if (line != null) {
            diags.error(n.span(), "process '" + n.text() + "' has exited (line " + line + ")",
                    "expected a live process");
            return false;
        }
        return true;
    }

    void exit(String proc, int line) {
        exited.put(proc, line);
    }

    /** The child of a fork has the parent's mappings ({@code parentKnown}: the parent was a live process). */
    void fork(String parent, String child, boolean parentKnown) {
        vmas.put(child, parentKnown ? new ArrayList<>(vmas.get(parent)) : new ArrayList<>());
        if (parentKnown && nonlinear.containsKey(parent)) {
            nonlinear.put(child, new LinkedHashMap<>(nonlinear.get(parent)));
        }
    }

    // ---------------------------------------------------------------- files

    boolean file(Name n) {
        if (!files.containsKey(n.text())) {
            diags.error(n.span(), "unknown file '" + n.text() + "'" + Suggest.didYouMean(n.text(), files.keySet()),
                    Suggest.known("a file declared with 'file NAME pages N'", files.keySet()));
            return false;
        }
        return true;
    }

    /** A file of {@code pages} pages (null: a bad count, already reported; the file then takes any offset). */
    void declareFile(String name, Long pages) {
        files.put(name, pages == null ? 1L << 20 : pages);
    }

    // ---------------------------------------------------------------- mappings

    /** mmap of {@code r}: a file mapping must fit in its file, only a shared one may be nonlinear, the range free. */
    void mmap(MmapStmt s, boolean procOk, Range r) {
        if (s.file() != null && file(s.file()) && r != null) {
            Long off = values.constant(s.offset());
            long size = files.get(s.file().text());
            if (off != null && (off < 0 || off > size - r.pages())) {
                diags.error(s.offset().span(), "pages " + off + " and on (" + r.pages() + " of them) are not all in "
                        + s.file().text() + " (" + size + " pages)", "expected an offset from 0 to "
                        + Math.max(0, size - r.pages()));
            }
        }
        if (s.nonlinear() && (s.file() == null || !s.shared())) {
            diags.error(s.span(), "only a shared file mapping can be nonlinear",
                    "expected mmap P RANGE PROT file NAME offset N shared nonlinear");
        }
        if (!procOk || r == null) {
            return;
        }
        for (Range v : vmas.get(s.proc().text())) {
            if (v.overlaps(r)) {
                diags.error(s.range().span(), "range " + r + " overlaps the mapping " + v + " of "
                        + s.proc().text(), "expected a free range, or munmap first");
                return;
            }
        }
        vmas.get(s.proc().text()).add(r);
        if (s.nonlinear()) {
            nonlinear.computeIfAbsent(s.proc().text(), k -> new LinkedHashMap<>())
                    .put(r, s.file() == null ? 0L : files.getOrDefault(s.file().text(), 0L));
        }
    }

    void munmap(String proc, Range r) {
        vmas.put(proc, without(vmas.get(proc), r));
    }

    /** mremap moves one whole VMA, or a part of one, to a free destination apart from it. */
    void mremap(MremapStmt s) {
        Range r = mappedRange(s.proc(), s.range());
        Long dest = values.address(s.dest());
        if (r == null || dest == null) {
            return;
        }
        if (dest > Constants.MAX_END - (r.end() - r.start())) {
            diags.error(s.dest().span(), "the destination ends past the last address",
                    "expected a destination that ends at most at " + Range.hex(Constants.MAX_END));
            return;
        }
        Range to = new Range(dest, dest + (r.end() - r.start()));
        if (to.overlaps(r)) {
            diags.error(s.dest().span(), "the destination " + to + " overlaps the source " + r,
                    "expected a destination apart from the range it moves");
            return;
        }
        String proc = s.proc().text();
        int covering = 0;
        for (Range v : vmas.get(proc)) {
            covering += v.overlaps(r) ? 1 : 0;
        }
        if (covering > 1) {
            diags.error(s.range().span(), "range " + r + " spans " + covering + " mappings",
                    "expected a range inside one mapping (mremap moves one VMA)");
            return;
        }
        List<Range> now = without(vmas.get(proc), r);
        for (Range v : now) {
            if (v.overlaps(to)) {
                diags.error(s.dest().span(), "the destination " + to + " overlaps the mapping " + v,
                        "expected a free range to move to");
                return;
            }
        }
        now.add(to);
        vmas.put(proc, now);
    }

    /** remap_file_pages needs a range of a shared nonlinear mapping and offsets inside its file. */
    void remapFilePages(RemapFilePagesStmt s) {
        Range r = walkedRange(s.proc(), s.range(), "remap_file_pages");
        Long off = values.constant(s.pgoff());
        if (r == null || off == null) {
            return;
        }
        Long size = null;
        for (Map.Entry<Range, Long> v : nonlinear.getOrDefault(s.proc().text(), Map.of()).entrySet()) {
            if (v.getKey().covers(r)) {
                size = v.getValue();
            }
        }
        if (size == null) {
            diags.error(s.range().span(), "range " + r + " is not inside a nonlinear mapping of " + s.proc().text(),
                    "expected a range of an 'mmap ... file NAME offset N shared nonlinear'");
        } else if (off < 0 || off > size - r.pages()) {
            diags.error(s.pgoff().span(), "pages " + off + " and on (" + r.pages() + " of them) are not all in the"
                    + " mapped file (" + size + " pages)", "expected a pgoff from 0 to " + Math.max(0, size - r.pages()));
        }
    }

    /** The mappings with {@code r} cut out of them (munmap, and the source of mremap). */
    private static List<Range> without(List<Range> maps, Range r) {
        List<Range> now = new ArrayList<>();
        for (Range v : maps) {
            if (!v.overlaps(r)) {
                now.add(v);
                continue;
            }
            if (v.start() < r.start()) {
                now.add(new Range(v.start(), r.start()));
            }
            if (v.end() > r.end()) {
                now.add(new Range(r.end(), v.end()));
            }
        }
        return now;
    }

    /**
     * A range that a statement walks page by page (touch, gup, remap_file_pages): at most {@link #MAX_WALK_PAGES},
     * so that one statement cannot run for hours.
     */
    Range walkedRange(Name proc, RangeExpr re, String statement) {
        Range r = values.range(re);
        if (r != null && r.pages() > MAX_WALK_PAGES) {
            diags.error(re.span(), statement + " of " + r.pages() + " pages", "expected at most " + MAX_WALK_PAGES
                    + " pages (16 MiB) in one " + statement + "; split it into several statements");
            return null;
        }
        return r == null ? null : mappedRange(proc, re);
    }

    /** The range, which must lie inside the process's mappings. */
    Range mappedRange(Name proc, RangeExpr re) {
        Range r = values.range(re);
        if (r == null || !vmas.containsKey(proc.text())) {
            return r;
        }
        long va = firstUnmapped(proc.text(), r);
        if (va >= 0) {
            List<String> maps = new ArrayList<>();
            for (Range v : vmas.get(proc.text())) {
                maps.add(v.toString().contains("..") ? v.toString() : v + " pages 1");
            }
            diags.error(re.span(), "range " + r + " is outside any mapping of " + proc.text()
                    + (r.pages() > 1 ? " (" + Range.hex(va) + " is not mapped)" : ""),
                    maps.isEmpty() ? "expected an mmap of " + proc.text() + " first"
                            : "expected a range inside " + String.join(", ", maps));
            return null;
        }
        return r;
    }

    /** The first page of {@code r} outside every mapping of {@code proc}, or -1; one step per mapping, not page. */
    private long firstUnmapped(String proc, Range r) {
        long va = r.start();
        while (va < r.end()) {
            Range in = null;
            for (Range v : vmas.get(proc)) {
                if (v.contains(va)) {
                    in = v;
                }
            }
            if (in == null) {
                return va;
            }
            va = in.end();
        }
        return -1;
    }

    /** An address of {@code proc} that KSM merges: it must be mapped. */
    void mappedAddress(String proc, Expr e) {
        Long a = values.address(e);
        if (a != null && !inside(proc, a)) {
            diags.error(e.span(), Range.hex(a) + " is outside any mapping of " + proc,
                    "expected an address inside an anonymous mapping");
        }
    }

    private boolean inside(String proc, long va) {
        for (Range v : vmas.get(proc)) {
            if (v.contains(va)) {
                return true;
            }
        }
        return false;
    }
}
