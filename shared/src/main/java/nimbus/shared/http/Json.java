package nimbus.shared.http;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import nimbus.shared.error.InvalidInput;

/** JSON in and out, through Micronaut Serialization (compile-time, no reflection). */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.createDefault();
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private Json() {}

    /** Parses a JSON object; anything else (an array, a scalar, broken JSON) is a 400. */
    public static Map<String, Object> parseObject(byte[] body) {
        try {
            Map<String, Object> value = MAPPER.readValue(body, OBJECT);
            if (value == null) throw InvalidInput.malformed("json");
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInput invalid) throw invalid;
            throw InvalidInput.malformed("json");
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
