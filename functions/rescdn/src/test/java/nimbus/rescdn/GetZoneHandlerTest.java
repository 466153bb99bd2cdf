package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import org.junit.jupiter.api.Test;

class GetZoneHandlerTest {
    static final String NOT_FOUND = Calls.error("zone not found");

    private final GetZoneHandler handler = new GetZoneHandler(TestStack.context());
    private final CreateZoneHandler create = new CreateZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private Map<String, Object> created(String key) {
        Reply reply = call(create, Calls.createNamed(key, Stored.name()));
        assertEquals(201, reply.status(), reply.text());
        return reply.json();
    }

    @Test
    void theIdCreateGaveReadsTheZoneBack() {
        Map<String, Object> zone = created(owner.key());
        Reply reply = call(handler, Calls.zone(owner.key(), (String) zone.get("id")));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(zone, reply.json());
    }

    @Test
    void anotherAccountsZoneIsNotFound() {
        Map<String, Object> zone = created(owner.key());
        Reply reply = call(handler, Calls.zone(Stored.account().key(), (String) zone.get("id")));
        assertEquals(404, reply.status());
        assertEquals(NOT_FOUND, reply.text());
    }

    @Test
    void aZoneOfTheOtherModeIsNotFound() {
        String testKey = Stored.testKey(owner);
        Map<String, Object> live = created(owner.key());
        Map<String, Object> test = created(testKey);
        assertEquals(
                404, call(handler, Calls.zone(testKey, (String) live.get("id"))).status());
        assertEquals(
                404,
                call(handler, Calls.zone(owner.key(), (String) test.get("id"))).status());
        assertEquals(
                200, call(handler, Calls.zone(testKey, (String) test.get("id"))).status());
    }

    @Test
    void idsNotInTheZoneStyleNameNoZone() {
        Map<String, Object> zone = created(owner.key());
        String id = (String) zone.get("id");
        String number = Long.toString(Long.parseLong(id.substring(5), 36));
        for (String bad : new String[] {
            number,
            "zone_",
            "zone_0" + id.substring(5),
            id.toUpperCase(),
            "zone_zzzzzzzzzzzzz",
            "zone_zzzzzzzzzzzzzz",
            id + "x",
            "files-x"
        }) {
            Reply reply = call(handler, Calls.zone(owner.key(), bad));
            assertEquals(404, reply.status(), bad);
            assertEquals(NOT_FOUND, reply.text(), bad);
        }
    }
}
