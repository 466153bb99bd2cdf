package nimbus.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.error.InvalidInput;

/**
 * JSON in and out with Jackson's streaming parser and generator: objects as maps, arrays as lists, strings, numbers,
 * booleans and null, which is all the API's bodies and events hold. No data-binding framework: it would be a second
 * serialization context to build on every cold start (BENCHMARKS.md, "Cold start").
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /**
     * Parses one JSON object; anything else (an array, a scalar, broken JSON, content after the object, nesting past
     * Jackson's depth limit) is a 400. Integers come back as Integer, Long or BigInteger, fractions as Double; of a
     * repeated key the last value wins.
     */
    public static Map<String, Object> parseObject(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw InvalidInput.malformed("json");
            Map<String, Object> value = readObject(parser);
            if (parser.nextToken() != null) throw InvalidInput.malformed("json");
            return value;
        } catch (IOException e) {
            throw InvalidInput.malformed("json");
        }
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, readValue(parser));
        }
        return object;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) throw new JsonParseException(parser, "unexpected end of input");
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) array.add(readValue(parser));
        return array;
    }

    /** Maps (keys as strings), iterables, arrays of objects, strings, numbers, booleans, enums (by name) and null. */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) out.writeNull();
        else if (value instanceof CharSequence text) out.writeString(text.toString());
        else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            out.writeStartArray();
            for (Object item : items) writeValue(out, item);
            out.writeEndArray();
        } else if (value instanceof Object[] items) writeValue(out, Arrays.asList(items));
        else if (value instanceof Boolean flag) out.writeBoolean(flag);
        else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
            out.writeNumber(((Number) value).longValue());
        else if (value instanceof BigDecimal number) out.writeNumber(number);
        else if (value instanceof BigInteger number) out.writeNumber(number);
        else if (value instanceof Double number) out.writeNumber(number);
        else if (value instanceof Float number) out.writeNumber(number);
        else if (value instanceof Enum<?> constant) out.writeString(constant.name());
        else
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
    }
}
