package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class DeleteZoneHandlerTest {
    private final DeleteZoneHandler handler = new DeleteZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void deletesTheZoneAsTheSeedAnswers() {
        Zone zone = Stored.pull(owner, "gone");
        Reply reply = call(handler, event("delete-zone", owner.key(), zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Zone successfully deleted.\",\"data\":[]}", reply.text());
        assertFalse(Stored.exists(zone));
        Reply again = call(handler, event("delete-zone", owner.key(), zone.id()));
        assertEquals(403, again.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, again.text());
    }

    @Test
    void deletesTheZonesAliasesAndReferrersWithIt() {
        Zone zone = Stored.pull(owner, "withmore");
        Zone kept = Stored.push(owner, "kept");
        var alias = Stored.alias(zone);
        Stored.referrer(zone, "example.com");
        var keptAlias = Stored.alias(kept);
        var keptReferrer = Stored.referrer(kept, "example.org");
        Reply reply = call(handler, event("delete-zone", owner.key(), zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(java.util.List.of(keptAlias), Stored.zones().aliases(owner.id()));
        assertEquals(java.util.List.of(keptReferrer), Stored.referrers().list(owner.id()));
        assertFalse(TestStack.context()
                .getBean(nimbus.shared.zone.ZoneTable.class)
                .resolveHost(alias.name())
                .isPresent());
    }

    @Test
    void anotherAccountsZoneIs403AndStays() {
        Zone theirs = Stored.push(Stored.account(), "theirs");
        Reply reply = call(handler, event("delete-zone", owner.key(), theirs.id()));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        assertTrue(Stored.exists(theirs));
    }

    @Test
    void aZoneThatHoldsFilesIs400AndStays() {
        Zone zone = Stored.push(owner, "full");
        TestStack.setZoneCounter(zone.id(), "fileCount", 2);
        Reply reply = call(handler, event("delete-zone", owner.key(), zone.id()));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("The zone still holds 2 file(s): delete them first."), reply.text());
        assertTrue(Stored.exists(zone));
    }
}
