package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.error.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies and events in, response bodies out: what a client sends and reads back. */
class JsonTest {

    private static Map<String, Object> parse(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    @Test
    void readsNestedValuesWithTheirNumberTypes() {
        Map<String, Object> value = parse("{\"name\":\"caf\\u00e9 \\\"x\\\"\",\"small\":7,\"large\":5000000000,"
                + "\"huge\":123456789012345678901234567890,\"fraction\":1.50,\"yes\":true,\"no\":false,"
                + "\"nothing\":null,\"list\":[1,\"two\",[],{}],\"object\":{\"inner\":[null]}}");
        assertEquals("café \"x\"", value.get("name"));
        assertEquals(7, value.get("small"));
        assertEquals(5_000_000_000L, value.get("large"));
        assertEquals(new BigInteger("123456789012345678901234567890"), value.get("huge"));
        assertEquals(1.5, value.get("fraction"));
        assertEquals(true, value.get("yes"));
        assertEquals(false, value.get("no"));
        assertEquals(true, value.containsKey("nothing"));
        assertEquals(null, value.get("nothing"));
        assertEquals(List.of(1, "two", List.of(), Map.of()), value.get("list"));
        assertEquals(Map.of("inner", Arrays.asList((Object) null)), value.get("object"));
        assertEquals(
                List.of("name", "small", "large", "huge", "fraction", "yes", "no", "nothing", "list", "object"),
                List.copyOf(value.keySet()),
                "keys keep the client's order");
    }

    @Test
    void theLastOfARepeatedKeyWins() {
        assertEquals(Map.of("a", 2), parse("{\"a\":1,\"a\":2}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[]",
                "[{\"a\":1}]",
                "\"text\"",
                "42",
                "null",
                "{",
                "{\"a\":}",
                "{\"a\":1,}",
                "{'a':1}",
                "{\"a\":1}{\"b\":2}",
                "{\"a\":1} trailing",
                "{\"a\":[1,2}",
                "{\"a\":\"\u0001\"}",
            })
    void anythingButOneObjectIsMalformed(String body) {
        assertThrows(InvalidInput.class, () -> parse(body));
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThrows(InvalidInput.class, () -> parse(deep));
    }

    @Test
    void whitespaceAroundTheObjectIsFine() {
        assertEquals(Map.of("a", 1), parse(" \n{\"a\":1}\r\n "));
    }

    @Test
    void writesMapsInOrderWithNullsAndEscapes() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("z", "line\nbreak \"quoted\" \\ \u0001 café 日本");
        body.put("a", null);
        body.put("list", List.of(1, 2L, true));
        body.put("nested", Map.of("k", List.of()));
        assertEquals(
                "{\"z\":\"line\\nbreak \\\"quoted\\\" \\\\ \\u0001 café 日本\",\"a\":null,"
                        + "\"list\":[1,2,true],\"nested\":{\"k\":[]}}",
                write(body));
    }

    @Test
    void writesNumbersAsTheyAre() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credits", new BigDecimal("12.50"));
        body.put("big", new BigInteger("123456789012345678901234567890"));
        body.put("ratio", 0.25);
        body.put("bytes", 5_000_000_000L);
        assertEquals(
                "{\"credits\":12.50,\"big\":123456789012345678901234567890,\"ratio\":0.25,\"bytes\":5000000000}",
                write(body));
    }

    @Test
    void whatItWritesItReadsBack() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "\u2028 \t \uD83D\uDE00");
        body.put("list", List.of(Map.of("n", -3), "x"));
        assertEquals(body, Json.parseObject(Json.write(body)));
    }
}
