package dev.mmuscript.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.cli.CliTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tap4j.model.TestResult;
import org.tap4j.model.TestSet;
import org.tap4j.parser.Tap13Parser;
import org.tap4j.util.DirectiveValues;
import org.tap4j.util.StatusValues;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mmu test --tap} read by a TAP consumer (tap4j), and {@code mmu test --junit FILE} validated against the
 * JUnit XML schema that CI servers read (src/test/resources/junit.xsd) and read back with the JDK's parser.
 */
class TestReportsTest {
    @TempDir
    Path dir;

    /** A folder with one script of each verdict: a.mmu passes (trace and matrix), b.mmu is skipped, c.mmu fails. */
    private void suite() throws IOException {
        Files.writeString(dir.resolve("a.mmu"), TestCommandTest.RUNS);
        Files.writeString(dir.resolve("b.mmu"), "requires semantics linux-4.14..linux-4.19\n" + TestCommandTest.RUNS);
        Files.writeString(dir.resolve("c.mmu"), TestCommandTest.RUNS + "assert 1 < 2 && 2 > 1\n");
        Files.writeString(dir.resolve("a.matrix.out"), "");
        assertEquals(1, CliTest.mmu("test", "--update", dir.resolve("a.mmu").toString()).code());
        Files.writeString(dir.resolve("c.out"), "# something else\n");
    }

    @Test
    void tapIsVersion14WithAPlanOneLinePerTestSkipsAndYamlDiagnostics() throws IOException {
        suite();
        Result r = CliTest.mmu("test", "--tap", dir.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("TAP version 14", "1..4", "ok 1 - " + dir.resolve("a.mmu"),
                "ok 2 - " + dir.resolve("a.mmu") + " (matrix)",
                "ok 3 - " + dir.resolve("b.mmu") + " # SKIP the script says 'requires semantics linux-4.14..linux-4.19'",
                "not ok 4 - " + dir.resolve("c.mmu"), "  ---"), lines.subList(0, 7));
        assertEquals(List.of("  ...", "# 2 passed, 1 failed, 1 skipped"), lines.subList(lines.size() - 2, lines.size()));

        TestSet tap = new Tap13Parser().parseTapStream(r.out());
        assertEquals(14, tap.getHeader().getVersion());
        assertEquals(4, tap.getPlan().getLastTestNumber());
        assertEquals(4, tap.getNumberOfTestResults());
        assertEquals(StatusValues.OK, tap.getTestResult(1).getStatus());
        TestResult skipped = tap.getTestResult(3);
        assertEquals(DirectiveValues.SKIP, skipped.getDirective().getDirectiveValue());
        TestResult failed = tap.getTestResult(4);
        assertEquals(StatusValues.NOT_OK, failed.getStatus());
        Map<String, Object> yaml = failed.getDiagnostic();
        assertNotNull(yaml, "the failure's YAML block parses");
        assertEquals("the output differs from " + dir.resolve("c.out"), yaml.get("message"));
        String detail = (String) yaml.get("detail");
        assertTrue(detail.contains("\n-# something else\n+# c.mmu under latest\n"), detail);
    }

    @Test
    void tapEscapesAHashInANameAndQuotesAMessageThatCannotBeALiteralBlock() throws IOException {
        Path hash = Files.createDirectory(dir.resolve("a#b"));
        Files.writeString(hash.resolve("x.mmu"), TestCommandTest.RUNS);
        Result r = CliTest.mmu("test", "--tap", hash.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("not ok 1 - " + dir + "/a\\#b/x.mmu\n  ---\n  message: \"missing golden file "),
                r.out());
    }

    @Test
    void junitValidatesAgainstTheSchemaAndNamesEachTestcase() throws Exception {
        suite();
        Path xml = dir.resolve("report").resolve("junit.xml");
        Files.createDirectory(xml.getParent());
        Result r = CliTest.mmu("test", "--junit", xml.toString(), dir.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().endsWith("2 passed, 1 failed, 1 skipped\n"), "the lines still print: " + r.out());

        try (InputStream xsd = getClass().getResourceAsStream("/junit.xsd")) {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(xsd))
                    .newValidator().validate(new StreamSource(xml.toFile()));
        }
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("4", "1", "0", "1"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures"),
                suite.getAttribute("errors"), suite.getAttribute("skipped")));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element matrix = (Element) cases.item(1);
        assertEquals("a.mmu (matrix)", matrix.getAttribute("name"));
        assertEquals(dir.resolve("a.mmu").toString(), matrix.getAttribute("classname"));
        Element skipped = (Element) ((Element) cases.item(2)).getElementsByTagName("skipped").item(0);
        assertEquals("the script says 'requires semantics linux-4.14..linux-4.19'", skipped.getAttribute("message"));
        Element failure = (Element) ((Element) cases.item(3)).getElementsByTagName("failure").item(0);
        assertEquals("the output differs from " + dir.resolve("c.out"), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("\n+   3  assert 1 < 2 && 2 > 1\n"), failure.getTextContent());
    }

    @Test
    void theSameRunWritesTheSameJunitBytes() throws IOException {
        suite();
        Path one = dir.resolve("one.xml");
        Path two = dir.resolve("two.xml");
        CliTest.mmu("test", "--junit", one.toString(), dir.resolve("c.mmu").toString());
        CliTest.mmu("test", "--junit", two.toString(), dir.resolve("c.mmu").toString());
        assertEquals(Files.readString(one), Files.readString(two));
    }

    @Test
    void aJunitFileThatCannotBeWrittenIsAnError() throws IOException {
        suite();
        Result r = CliTest.mmu("test", "--junit", dir.toString(), dir.resolve("a.mmu").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("mmu: error: cannot write " + dir + ": "), r.err());
    }
}
