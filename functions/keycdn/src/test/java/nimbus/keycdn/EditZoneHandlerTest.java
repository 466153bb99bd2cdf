package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static nimbus.keycdn.Calls.json;
import static nimbus.keycdn.Calls.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class EditZoneHandlerTest {
    private final EditZoneHandler handler = new EditZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void putAsTheSeedsExampleChangesExpire() {
        Zone zone = Stored.pull(owner, "examplepull");
        Reply reply = call(handler, event("edit-zone", owner.key(), zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.zoneEnvelope("Zone successfully changed.", Expected.pull(zone.id(), "examplepull", "43200")),
                reply.text());
        assertEquals("43200", Stored.reload(zone).settings().get("expire"));
    }

    @Test
    void postAsThePhpAndPythonClientsSendIt() {
        Zone zone = Stored.pull(owner, "examplepull");
        Reply reply = call(handler, event("edit-zone-post", owner.key(), zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("43200", reply.zone().get("expire"));
        assertEquals("43200", Stored.reload(zone).settings().get("expire"));
    }

    @Test
    void nameOriginAndSettingsFromJsonOthersKept() {
        Zone zone = Stored.pull(owner, "before");
        Reply reply = call(
                handler,
                json(
                        event("edit-zone", owner.key(), zone.id()),
                        "{\"name\":\"after\",\"originurl\":\"https://origin.example.org\",\"cors\":\"enabled\","
                                + "\"type\":\"push\"}"));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("after", reply.zone().get("name"));
        assertEquals("pull", reply.zone().get("type"));
        assertEquals("https://origin.example.org", reply.zone().get("originurl"));
        assertEquals("enabled", reply.zone().get("cors"));
        assertEquals("0", reply.zone().get("expire"));
        Zone now = Stored.reload(zone);
        assertEquals("after", now.name());
        assertEquals(zone.hostname(), now.hostname());
    }

    @Test
    void aBadParameterIs400AndChangesNothing() {
        Zone zone = Stored.pull(owner, "keep");
        Reply reply = call(handler, form(event("edit-zone", owner.key(), zone.id()), "cors=enabled&expire=-2"));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("Invalid parameter expire: -2 is not allowed."), reply.text());
        Reply name = call(handler, form(event("edit-zone", owner.key(), zone.id()), "name=&cors=enabled"));
        assertEquals(Expected.error("Missing required parameter: name."), name.text());
        assertEquals(zone, Stored.reload(zone));
    }

    @Test
    void anotherAccountsZoneIs403AndUnchanged() {
        Zone theirs = Stored.pull(Stored.account(), "theirs");
        Reply reply = call(handler, event("edit-zone", owner.key(), theirs.id()));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        assertEquals(theirs, Stored.reload(theirs));
        Reply unknown = call(handler, event("edit-zone", owner.key(), "999999999999"));
        assertEquals(ViewZoneHandlerTest.NO_ZONE, unknown.text());
        Reply bare = call(handler, segment(event("edit-zone", owner.key()), theirs.id()));
        assertEquals(ViewZoneHandlerTest.NO_ZONE, bare.text());
    }
}
