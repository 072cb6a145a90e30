package io.duplex.demo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The apps' messages as JSON objects. Reading is strict because the text comes from browsers: one
 * object, nothing after it, no key twice. Writing keeps the fields in the order given, so that a
 * message reads the same in a test, a log and the browser's network panel.
 */
final class Json {

    private static final JSON MAPPER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private Json() {
    }

    /**
     * @param text a message
     * @return its object
     * @throws BadMessage ({@code bad-json}) when the text is not exactly one JSON object
     */
    static Map<String, Object> parse(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            Map<String, Object> object = MAPPER.mapFrom(parser);
            if (object == null || parser.nextToken() != null) {
                throw notAnObject();
            }
            return object;
        } catch (IOException e) {
            throw notAnObject();
        }
    }

    private static BadMessage notAnObject() {
        return new BadMessage("bad-json", "A message is one JSON object, such as {\"type\":\"join\", ...}.");
    }

    /**
     * @param namesAndValues field names, each followed by its value: strings, numbers, booleans, lists
     *                       and maps of them
     * @return the object as JSON text, fields in the order given
     */
    static String write(Object... namesAndValues) {
        return write(object(namesAndValues));
    }

    /**
     * @param namesAndValues field names, each followed by its value
     * @return the object, to nest in another: its fields keep the order given
     */
    static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /**
     * @param object fields to values, as for {@link #write(Object...)}
     * @return the object as JSON text
     */
    static String write(Map<String, ?> object) {
        try {
            return MAPPER.asString(object);
        } catch (IOException e) {
            // Only strings, numbers, booleans, lists and maps reach here: a failure is a bug.
            throw new IllegalArgumentException("cannot write as JSON: " + object, e);
        }
    }

    /**
     * @param object a parsed message
     * @return its {@code type}
     * @throws BadMessage ({@code bad-type}) when it has no text {@code type}
     */
    static String type(Map<String, Object> object) {
        if (object.get("type") instanceof String type) {
            return type;
        }
        throw new BadMessage("bad-type", "A message needs a \"type\", such as \"join\".");
    }

    /**
     * @param object a parsed message
     * @param name   a field that must hold a list of strings
     * @return the list, or {@code null} when the field is missing or holds anything else
     */
    static List<String> strings(Map<String, Object> object, String name) {
        if (!(object.get(name) instanceof List<?> list)) {
            return null;
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                return null;
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }
}
