package dev.mmuscript.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.run.Golden;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * docs/json-schema.json against what {@code mmu run --format json} prints: it names every event record, every
 * record's JSON fits its entry, and every line of every example's run (at each trace level) validates.
 */
class JsonSchemaTest {
    static final Path SCHEMA = Path.of("..", "docs", "json-schema.json");
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    /** The objects of a run that are not events. */
    static final Set<String> FRAMING = Set.of("run", "verdict", "diagnostic", "skip", "bound-hit");

    static final Schema VALIDATOR = load();

    private static Schema load() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(SCHEMA), InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertValid(String line) {
        List<Error> errors = VALIDATOR.validate(line, InputFormat.JSON);
        assertTrue(errors.isEmpty(), line + "\n" + errors);
    }

    /**
     * The type names the schema admits: each {@code allOf} entry sends one {@code type} to its entry of $defs, whose
     * {@code type} is that constant; the {@code type} property lists the same names.
     */
    static Set<String> schemaTypes() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(SCHEMA));
        Set<String> types = new TreeSet<>();
        for (JsonNode branch : schema.get("allOf")) {
            String type = branch.get("if").get("properties").get("type").get("const").asString();
            String ref = branch.get("then").get("$ref").asString();
            assertEquals("#/$defs/" + type, ref);
            assertEquals(type, schema.get("$defs").get(type).get("properties").get("type").get("const").asString());
            types.add(type);
        }
        Set<String> listed = new TreeSet<>();
        schema.get("properties").get("type").get("enum").forEach(t -> listed.add(t.asString()));
        assertEquals(types, listed, "the type property lists the types that allOf describes");
        return types;
    }

    @Test
    void theSchemaNamesEveryEventRecordAndNothingElse() throws IOException {
        Set<String> expected = new TreeSet<>(FRAMING);
        for (Class<?> record : Event.class.getPermittedSubclasses()) {
            if (!hidden(record)) {
                expected.add(RecordJson.typeName(record));
            }
        }
        assertEquals(expected, schemaTypes(), "docs/json-schema.json and model/Event.java name different events");
    }

    static final Path DOC = Path.of("..", "docs", "json.md");

    @Test
    void docsJsonMdHasARowForEveryEventType() throws IOException {
        Set<String> rows = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("| `")) {
                rows.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        Set<String> events = new TreeSet<>(schemaTypes());
        events.removeAll(FRAMING);
        assertEquals(events, rows, "the event table of docs/json.md");
    }

    @Test
    void theExamplesInDocsJsonMdFitTheSchema() throws IOException {
        String doc = Files.readString(DOC);
        List<String> lines = new ArrayList<>();
        String[] blocks = doc.split("```json\n");
        for (int i = 1; i < blocks.length; i++) {
            blocks[i].substring(0, blocks[i].indexOf("```")).lines().forEach(lines::add);
        }
        assertFalse(lines.isEmpty(), "docs/json.md shows its output");
        lines.forEach(JsonSchemaTest::assertValid);
    }

    @Test
    void everyEventRecordWithSampleValuesFitsItsSchemaEntry() throws ReflectiveOperationException {
        for (Class<?> type : Event.class.getPermittedSubclasses()) {
            if (hidden(type)) {
                continue;
            }
            StringWriter out = new StringWriter();
            JsonReport report = new JsonReport(new PrintWriter(out), TextReport.Level.STEPS);
            report.accept(new Event.Statement("7", "touch vm 0x1000"));
            report.accept(sample(type));
            List<String> lines = out.toString().lines().toList();
            assertEquals(2, lines.size(), out.toString());
            lines.forEach(JsonSchemaTest::assertValid);
        }
    }

    /** An event that no trace shows (a lock taken or released, for the timeline): JSON has no line for it. */
    private static boolean hidden(Class<?> type) {
        try {
            return sample(type).level() == Event.Level.HIDDEN;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hiddenEventsPrintNothing() {
        StringWriter out = new StringWriter();
        new JsonReport(new PrintWriter(out), TextReport.Level.STEPS).accept(new Event.LockTaken("t", "vm", "ptl", ""));
        assertEquals("", out.toString());
    }

    /** An instance of an event record, each component a plausible value of its type. */
    private static Event sample(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = SAMPLES.get(types[i]);
            assertTrue(values[i] != null, "JsonSchemaTest has no sample " + types[i] + " for " + components[i]);
        }
        return (Event) type.getDeclaredConstructor(types).newInstance(values);
    }

    private static final Map<Class<?>, Object> SAMPLES = Map.of(
            String.class, "x",
            long.class, 0x1000L,
            int.class, 1,
            boolean.class, true,
            Range.class, new Range(0x1000, 0x3000),
            List.class, List.of("A", "B"),
            Violation.class, new Violation("stale-shadow", "guest", 0x1000, 2, "a detail"));

    @Test
    void aViolationWithoutAddressOrFrameFitsTheSchema() {
        StringWriter out = new StringWriter();
        new JsonReport(new PrintWriter(out), TextReport.Level.EVENTS)
                .accept(new Event.ViolationFound(new Violation("deadlock", "d", -1, -1, "why"), false));
        assertEquals("{\"type\":\"violation\",\"violation\":{\"kind\":\"deadlock\",\"mmu\":\"d\",\"va\":null,"
                + "\"pfn\":null,\"detail\":\"why\"},\"expected\":false}\n", out.toString());
        assertValid(out.toString().strip());
    }

    @Test
    void theSchemaRejectsWhatItShould() {
        assertFalse(VALIDATOR.validate("{\"type\":\"alloc\",\"pfn\":\"3\",\"owner\":\"x\"}", InputFormat.JSON)
                .isEmpty(), "a pfn is a number");
        assertFalse(VALIDATOR.validate("{\"type\":\"pte-clear\",\"proc\":\"vm\",\"va\":4096,\"pfn\":1}",
                InputFormat.JSON).isEmpty(), "an address is a hex string");
        assertFalse(VALIDATOR.validate("{\"type\":\"no-such-event\"}", InputFormat.JSON).isEmpty());
        assertFalse(VALIDATOR.validate("{\"type\":\"free\",\"pfn\":1,\"extra\":1}", InputFormat.JSON).isEmpty());
    }

    record Level(String name, TextReport.Level level) {
    }

    /** The levels whose output differs in kind (--quiet prints a subset of events: JsonReportTest pins it). */
    static final List<Level> LEVELS = List.of(new Level("events", TextReport.Level.EVENTS),
            new Level("steps", TextReport.Level.STEPS));

    static String run(Path script, TextReport.Level level, Format format) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(script, EXAMPLES.relativize(script).toString(), new Options(level, null, format),
                new PrintWriter(out), new PrintWriter(err));
        return code + "\n" + out + err;
    }

    @TestFactory
    Stream<DynamicTest> everyLineOfEveryExampleFitsTheSchema() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path script : Golden.scripts(List.of(EXAMPLES))) {
            for (Level l : LEVELS) {
                tests.add(DynamicTest.dynamicTest(EXAMPLES.relativize(script) + " " + l.name(), script.toUri(),
                        () -> checkExample(script, l.level())));
            }
        }
        assertFalse(tests.isEmpty(), "no examples under " + EXAMPLES);
        return tests.stream();
    }

    /**
     * Every line fits the schema; the run's exit code is that of the text run, it shows as many events as the text
     * trace (the same stream, filtered alike), it is the same bytes twice, and it ends as documented.
     */
    private static void checkExample(Path script, TextReport.Level level) {
        String json = run(script, level, Format.JSON);
        String text = run(script, level, Format.TEXT);
        if (level == TextReport.Level.EVENTS) {
            assertEquals(json, run(script, level, Format.JSON), "the same bytes on every run");
        }
        List<String> lines = json.lines().toList();
        String code = lines.get(0);
        assertEquals(text.lines().findFirst().orElseThrow(), code, "the exit code of the text run");
        List<String> objects = lines.subList(1, lines.size());
        objects.forEach(JsonSchemaTest::assertValid);
        boolean stopped = objects.stream().anyMatch(o -> o.startsWith("{\"type\":\"verdict\"")
                && o.contains("\"aborted\":true"));
        if (code.equals("2") && stopped) {
            // A run-time error: the events up to it, its diagnostic, and the verdict marked aborted, last.
            assertTrue(objects.stream().anyMatch(o -> o.startsWith("{\"type\":\"diagnostic\"")), json);
            assertTrue(objects.get(objects.size() - 1).startsWith("{\"type\":\"verdict\""), json);
            return;
        }
        if (code.equals("2")) {
            assertTrue(objects.stream().allMatch(o -> o.startsWith("{\"type\":\"diagnostic\"")), json);
            assertFalse(objects.isEmpty(), "a script that cannot run says why");
            return;
        }
        long events = objects.stream().filter(o -> !o.startsWith("{\"type\":\"run\"")
                && !o.startsWith("{\"type\":\"verdict\"")).count();
        // The text trace indents its statement and event lines; its header and summary start in column 1.
        long traced = text.lines().skip(1).filter(t -> t.startsWith(" ")).count();
        assertEquals(traced, events, "as many events as the text trace shows lines\n" + json + text);
        boolean verdictShown = level != TextReport.Level.QUIET || !code.equals("0");
        assertEquals(verdictShown, !objects.isEmpty() && objects.get(objects.size() - 1)
                .startsWith("{\"type\":\"verdict\""), "the last object is the verdict\n" + json);
    }
}
