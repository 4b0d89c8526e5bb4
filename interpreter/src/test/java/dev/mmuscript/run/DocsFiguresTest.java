package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The explore verdicts the README and docs/ quote are those the examples print: a change to the explorer that moves
 * a figure moves its golden, and this test then names the page that still quotes the old one.
 */
class DocsFiguresTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern VERDICT = Pattern.compile("^ +explored \\d+ states \\(\\d+ transitions, depth \\d+\\): .*");

    @Test
    void everyExploreVerdictQuotedIsOneAnExamplePrints() throws IOException {
        String goldens = goldens();
        List<String> stale = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int quoted = 0;
        for (Path page : pages) {
            for (String line : Files.readAllLines(page)) {
                if (VERDICT.matcher(line).matches()) {
                    quoted++;
                    if (!goldens.contains(line + "\n")) {
                        stale.add(ROOT.relativize(page) + ": " + line.strip());
                    }
                }
            }
        }
        assertFalse(quoted == 0, "no explore verdict quoted: the pattern no longer matches the pages");
        assertEquals(List.of(), stale);
    }

    private static String goldens() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            files.filter(p -> p.toString().endsWith(".out")).sorted().forEach(p -> {
                try {
                    all.append(Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return all.toString();
    }
}
