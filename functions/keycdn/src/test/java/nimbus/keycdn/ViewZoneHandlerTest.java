package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class ViewZoneHandlerTest {
    static final String NO_ZONE = Expected.error("Access denied: no such zone.");

    private final ViewZoneHandler handler = new ViewZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void aPullZoneAsTheSeedsViewZone() {
        Zone zone = Stored.pull(owner, "examplepull");
        Reply reply = call(handler, event("view-zone", owner.key(), zone.id()));
        assertEquals(200, reply.status());
        assertEquals(
                Expected.zoneEnvelope("Data successfully received.", Expected.pull(zone.id(), "examplepull")),
                reply.text());
        assertEquals("application/json; charset=utf-8", reply.header("Content-Type"));
    }

    @Test
    void aPushZoneHasDirlistAndNoOriginFields() {
        Zone zone = Stored.push(owner, "examplepush");
        Reply reply = call(handler, event("view-zone", owner.key(), zone.id()));
        assertEquals(
                Expected.zoneEnvelope("Data successfully received.", Expected.push(zone.id(), "examplepush")),
                reply.text());
    }

    @Test
    void theIdComparesEqualToTheStringSent() {
        Zone zone = Stored.pull(owner, "ids");
        assertEquals(
                zone.id(),
                call(handler, event("view-zone", owner.key(), zone.id())).zone().get("id"));
    }

    @Test
    void anotherAccountsZoneReadsExactlyAsAnUnknownOne() {
        Zone theirs = Stored.pull(Stored.account(), "theirs");
        Reply other = call(handler, event("view-zone", owner.key(), theirs.id()));
        Reply unknown = call(handler, event("view-zone", owner.key(), "999999999999"));
        assertEquals(403, other.status());
        assertEquals(NO_ZONE, other.text());
        assertEquals(403, unknown.status());
        assertEquals(NO_ZONE, unknown.text());
    }

    @Test
    void onlyDigitsDotJsonNameAZone() {
        Zone zone = Stored.pull(owner, "suffix");
        for (String segment : new String[] {
            zone.id(),
            zone.id() + ".JSON",
            zone.id() + ".json.json",
            zone.id() + ".xml",
            "abc.json",
            ".json",
            "-1.json",
            " " + zone.id() + ".json",
            "files-" + owner.id() + ".json",
            ""
        }) {
            Reply reply = call(handler, segment(event("view-zone", owner.key()), segment));
            assertEquals(403, reply.status(), segment);
            assertEquals(NO_ZONE, reply.text(), segment);
        }
        assertEquals(
                200,
                call(handler, segment(event("view-zone", owner.key()), zone.id() + ".json"))
                        .status());
    }
}
