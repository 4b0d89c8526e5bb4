package dev.mmuscript.report;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Range;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a record as a JSON object, generically over its record components, so that a new {@link Event} record gets
 * its JSON without a new case here (a visitor would need one per event, and the engine's port renames and adds
 * events). Names: the object's {@code type} is the record's name in kebab-case (as the violation kinds are), a
 * field is its component's name in snake_case (so that jq can say {@code .failed_assertions}). Values by Java type:
 * strings, booleans and integers as themselves; addresses as {@code "0x..."} strings, as the text trace prints them
 * and because a JSON number is exact only to 2^53; a {@link Range} as {@code {start, end}}; a list as an array; a
 * nested record as an object. Field order is the order of the record's components, which Java fixes.
 */
final class RecordJson {
    /**
     * The types whose name is not the kebab-case of their record's name: a shorter word where one reads better, and
     * the place to keep a published name when a record is renamed.
     */
    static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            Event.ViolationFound.class, "violation",
            Event.AssertResult.class, "assertion");

    /** The integer components that hold a virtual address, by component name or as Record.component. */
    static final Set<String> ADDRESSES = Set.of("va", "PteMoved.from", "PteMoved.to");

    /** The components whose negative value means "none" (a violation without an address or a frame): null. */
    static final Set<String> ABSENT_WHEN_NEGATIVE = Set.of("va", "pfn");

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private RecordJson() {
    }

    /** The {@code type} of a record: its table name, else its simple name in kebab-case. */
    static String typeName(Class<?> type) {
        String name = TYPE_NAMES.get(type);
        return name != null ? name : words(type.getSimpleName(), '-');
    }

    /** A component's JSON name: {@code failedAssertions} becomes {@code failed_assertions}. */
    static String fieldName(String component) {
        return words(component, '_');
    }

    private static String words(String camel, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append(separator);
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** Writes the components of {@code record} as fields of the object being written, except those named in skip. */
    static void writeComponents(JsonGenerator g, Record record, Set<String> skip) {
        String owner = record.getClass().getSimpleName();
        for (RecordComponent c : COMPONENTS.get(record.getClass())) {
            if (skip.contains(c.getName())) {
                continue;
            }
            g.writeName(fieldName(c.getName()));
            writeValue(g, owner + "." + c.getName(), c.getName(), read(c, record));
        }
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c + " of " + record.getClass().getName(), e);
        }
    }

    private static void writeValue(JsonGenerator g, String qualified, String name, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer) {
            writeInteger(g, qualified, name, ((Number) value).longValue());
        } else if (value instanceof Range r) {
            g.writeStartObject();
            g.writeStringProperty("start", Range.hex(r.start()));
            g.writeStringProperty("end", Range.hex(r.end()));
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, qualified, name, item);
            }
            g.writeEndArray();
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        } else if (value instanceof Record r) {
            g.writeStartObject();
            writeComponents(g, r, Set.of());
            g.writeEndObject();
        } else {
            throw new IllegalStateException("no JSON mapping for " + value.getClass().getName() + " in " + qualified);
        }
    }

    private static void writeInteger(JsonGenerator g, String qualified, String name, long v) {
        if (v < 0 && ABSENT_WHEN_NEGATIVE.contains(name)) {
            g.writeNull();
        } else if (ADDRESSES.contains(name) || ADDRESSES.contains(qualified)) {
            g.writeString(Range.hex(v));
        } else {
            g.writeNumber(v);
        }
    }
}
