package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeStatus;
import nimbus.shared.purge.PurgeTable;
import org.junit.jupiter.api.Test;

/** GET /v1/purge?zone=&path= as the seed shows it: recorded and queued for a live zone, answered at once. */
class PurgeHandlerTest {
    private final PurgeHandler handler = new PurgeHandler(TestStack.context());
    private final CreateZoneHandler create = new CreateZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private String created(String key) {
        Reply reply = call(create, Calls.createNamed(key, Stored.name()));
        assertEquals(201, reply.status(), reply.text());
        return (String) reply.json().get("id");
    }

    private static APIGatewayProxyRequestEvent purge(String key, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = Calls.event("purge", key);
        Map<String, List<String>> multi = new HashMap<>();
        query.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        event.setMultiValueQueryStringParameters(multi.isEmpty() ? null : multi);
        return event;
    }

    private static List<Purge> purgesOf(String zoneId) {
        String number = ResCdnJson.zoneNumber(zoneId);
        return TestStack.context().getBean(PurgeTable.class).listByZone(number);
    }

    @Test
    void aPathOfALiveZoneIsPurgedAsTheSeedAnswers() {
        String zone = created(owner.key());
        Reply reply = call(handler, purge(owner.key(), Map.of("zone", zone, "path", "/assets/v2/reset.css")));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("{\"purged\":true,\"nodes\":1}", reply.text());
        List<Purge> recorded = purgesOf(zone);
        assertEquals(1, recorded.size());
        assertEquals(List.of("/assets/v2/reset.css"), recorded.get(0).paths());
        assertEquals(PurgeStatus.QUEUED, recorded.get(0).status());
    }

    @Test
    void aTestModeZoneIsNeverServedSoNothingIsQueued() {
        String testKey = Stored.testKey(owner);
        String zone = created(testKey);
        Reply reply = call(handler, purge(testKey, Map.of("zone", zone, "path", "/a.css")));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("{\"purged\":true,\"nodes\":0}", reply.text());
        assertEquals(List.of(), purgesOf(zone));
        assertEquals(
                404,
                call(handler, purge(owner.key(), Map.of("zone", zone, "path", "/a.css")))
                        .status());
    }

    @Test
    void anotherAccountsZoneOrAnUnknownIdIs404AndNothingIsPurged() {
        String theirs = created(Stored.account().key());
        Reply reply = call(handler, purge(owner.key(), Map.of("zone", theirs, "path", "/a.css")));
        assertEquals(404, reply.status());
        assertEquals(GetZoneHandlerTest.NOT_FOUND, reply.text());
        assertEquals(
                404,
                call(handler, purge(owner.key(), Map.of("zone", "zone_0a", "path", "/a.css")))
                        .status());
        assertEquals(List.of(), purgesOf(theirs));
    }

    @Test
    void badInputIs400NamingTheParameterAndPurgesNothing() {
        String zone = created(owner.key());
        for (Map<String, String> query : List.of(
                Map.of("path", "/a.css"),
                Map.of("zone", zone),
                Map.of("zone", zone, "path", "a.css"),
                Map.of("zone", zone, "path", "/a*.css"))) {
            Reply reply = call(handler, purge(owner.key(), query));
            assertEquals(400, reply.status(), query + " -> " + reply.text());
            String error = (String) reply.json().get("error");
            assertTrue(error.contains(query.containsKey("zone") ? "path" : "zone"), error);
        }
        assertEquals(List.of(), purgesOf(zone));
    }

    @Test
    void aKeyWithoutTheWriteScopeIs403() {
        TestAccount reader = Stored.account(Set.of(ResCdnKeys.ZONES_READ));
        String zone = created(Stored.account().key());
        Reply reply = call(handler, purge(reader.key(), Map.of("zone", zone, "path", "/a.css")));
        assertEquals(403, reply.status(), reply.text());
    }
}
