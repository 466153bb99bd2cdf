package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class EditZoneReferrerHandlerTest {
    private final EditZoneReferrerHandler handler = new EditZoneReferrerHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSeedsExampleRenamesTheReferrer() {
        Zone zone = Stored.pull(owner, "examplepull");
        Referrer referrer = Stored.referrer(zone, "example.com");
        Reply reply = call(
                handler,
                form(event("edit-zone-referrer", owner.key(), referrer.id()), "name=example.net&zone_id=" + zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.one(
                        "Zone Referrer successfully changed.", "zonereferrer", referrer.id(), "example.net", zone.id()),
                reply.text());
        assertEquals(
                "example.net",
                Stored.referrers().require(owner.id(), referrer.id()).name());
    }

    @Test
    void postMovesItToAnotherZoneOfTheCallerButNotToAnotherAccounts() {
        Zone zone = Stored.pull(owner, "from");
        Zone other = Stored.push(owner, "to");
        Referrer referrer = Stored.referrer(zone, "example.com");
        Reply reply = call(
                handler, form(event("edit-zone-referrer-post", owner.key(), referrer.id()), "zone_id=" + other.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                other.id(),
                Stored.referrers().require(owner.id(), referrer.id()).zoneId());

        Zone theirs = Stored.push(Stored.account(), "theirs");
        Reply refused =
                call(handler, form(event("edit-zone-referrer", owner.key(), referrer.id()), "zone_id=" + theirs.id()));
        assertEquals(403, refused.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, refused.text());
        assertEquals(
                other.id(),
                Stored.referrers().require(owner.id(), referrer.id()).zoneId());
    }

    @Test
    void anotherAccountsReferrerIs404AndUnchanged() {
        Referrer theirs = Stored.referrer(Stored.push(Stored.account(), "theirs"), "example.com");
        Reply reply = call(handler, form(event("edit-zone-referrer", owner.key(), theirs.id()), "name=example.net"));
        assertEquals(404, reply.status());
        assertEquals(Expected.NO_ITEM, reply.text());
        assertEquals(theirs, Stored.referrers().require(theirs.accountId(), theirs.id()));
    }

    @Test
    void badInputIs400AndChangesNothing() {
        Referrer referrer = Stored.referrer(Stored.pull(owner, "bad"), "example.com");
        Reply reply = call(handler, form(event("edit-zone-referrer", owner.key(), referrer.id()), "name=exa mple.com"));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("Invalid parameter name."), reply.text());
        assertEquals(referrer, Stored.referrers().require(owner.id(), referrer.id()));
    }
}
