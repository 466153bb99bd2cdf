package nimbus.keycdn;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Report requests and the seed's report shapes, as compact JSON. */
final class Reports {
    static final long DAY = 86400;
    static final long HOUR = 3600;

    private Reports() {}

    /** The sample event {@code name} with exactly these query parameters (pairs of name and value). */
    static APIGatewayProxyRequestEvent get(String name, String key, String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) query.put(pairs[i], pairs[i + 1]);
        return Calls.query(Calls.event(name, key), query);
    }

    static long floor(long seconds, long interval) {
        return seconds - Math.floorMod(seconds, interval);
    }

    /** {@code {"amount":"<amount>","timestamp":"<t>"}}. */
    static String row(long amount, long timestamp) {
        return "{\"amount\":\"" + amount + "\",\"timestamp\":\"" + timestamp + "\"}";
    }

    /** A status row with every count 0. */
    static String noRequests(long timestamp) {
        return "{\"totalcachehit\":\"0\",\"totalcachemiss\":\"0\",\"totalsuccess\":\"0\",\"totalerror\":\"0\","
                + "\"total2xx\":\"0\",\"total3xx\":\"0\",\"total4xx\":\"0\",\"total5xx\":\"0\",\"timestamp\":\""
                + timestamp + "\"}";
    }

    /** A credits row. */
    static String booking(String amount, String type, long timestamp) {
        return "{\"amount\":\"" + amount + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + timestamp + "\"}";
    }

    /** {@code {"status":"success","description":"Data successfully received.","data":{"stats":[...]}}}. */
    static String stats(List<String> rows) {
        return Expected.list("stats", rows.toArray(String[]::new));
    }

    /** Rows of {@code amount} from {@code first} for {@code count} intervals. */
    static List<String> rows(long amount, long first, long interval, int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) rows.add(row(amount, first + i * interval));
        return rows;
    }
}
