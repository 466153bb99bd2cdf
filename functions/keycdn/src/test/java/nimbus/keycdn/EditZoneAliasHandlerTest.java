package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static nimbus.keycdn.Calls.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.Test;

class EditZoneAliasHandlerTest {
    private final EditZoneAliasHandler handler = new EditZoneAliasHandler(TestStack.context());
    private final TestAccount owner = Stored.account();
    private final ZoneTable table = TestStack.context().getBean(ZoneTable.class);

    @Test
    void putRenamesTheAliasAndFreesTheOldHostname() {
        Zone zone = Stored.pull(owner, "examplepull");
        Alias alias = Stored.alias(zone);
        String host = Stored.hostname("cdn-pull");
        Reply reply = call(
                handler,
                form(event("edit-zone-alias", owner.key(), alias.id()), "name=" + host + "&zone_id=" + zone.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.one("Zone Alias successfully changed.", "zonealias", alias.id(), host, zone.id()),
                reply.text());
        assertTrue(table.resolveHost(alias.name()).isEmpty());
        assertEquals(zone.id(), table.resolveHost(host).orElseThrow().zoneId());
        assertEquals(host, Stored.zones().alias(owner.id(), alias.id()).name());
    }

    @Test
    void postMovesTheAliasToAnotherZoneOfTheCaller() {
        Zone zone = Stored.pull(owner, "from");
        Zone other = Stored.push(owner, "to");
        Alias alias = Stored.alias(zone);
        Reply reply =
                call(handler, form(event("edit-zone-alias-post", owner.key(), alias.id()), "zone_id=" + other.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.one("Zone Alias successfully changed.", "zonealias", alias.id(), alias.name(), other.id()),
                reply.text());
        assertEquals(other.id(), table.resolveHost(alias.name()).orElseThrow().zoneId());
    }

    @Test
    void aHostnameAnotherAccountUsesIs400AndChangesNothing() {
        Zone zone = Stored.pull(owner, "mine");
        Alias alias = Stored.alias(zone);
        Alias theirs = Stored.alias(Stored.push(Stored.account(), "theirs"));
        Reply reply = call(handler, form(event("edit-zone-alias", owner.key(), alias.id()), "name=" + theirs.name()));
        assertEquals(400, reply.status());
        assertEquals(Expected.error(theirs.name() + " is already in use."), reply.text());
        assertEquals(alias, Stored.zones().alias(owner.id(), alias.id()));
        assertEquals(zone.id(), table.resolveHost(alias.name()).orElseThrow().zoneId());
        assertEquals(
                theirs.zoneId(), table.resolveHost(theirs.name()).orElseThrow().zoneId());
    }

    @Test
    void anotherAccountsAliasIs404AndAnotherAccountsZone403() {
        Zone theirZone = Stored.push(Stored.account(), "theirs");
        Alias theirs = Stored.alias(theirZone);
        Reply reply = call(handler, form(event("edit-zone-alias", owner.key(), theirs.id()), "name=x.example.com"));
        assertEquals(404, reply.status());
        assertEquals(Expected.NO_ITEM, reply.text());
        assertEquals(theirs, Stored.zones().alias(theirs.accountId(), theirs.id()));
        Reply unknown =
                call(handler, form(event("edit-zone-alias", owner.key(), "999999999999"), "name=x.example.com"));
        assertEquals(Expected.NO_ITEM, unknown.text());
        Reply bare =
                call(handler, form(segment(event("edit-zone-alias", owner.key()), theirs.id()), "name=x.example.com"));
        assertEquals(Expected.NO_ITEM, bare.text());

        Alias mine = Stored.alias(Stored.pull(owner, "mine"));
        Reply move = call(handler, form(event("edit-zone-alias", owner.key(), mine.id()), "zone_id=" + theirZone.id()));
        assertEquals(403, move.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, move.text());
        assertEquals(mine, Stored.zones().alias(owner.id(), mine.id()));
    }

    @Test
    void badInputIs400() {
        Alias alias = Stored.alias(Stored.pull(owner, "bad"));
        Reply blank = call(handler, form(event("edit-zone-alias", owner.key(), alias.id()), "name="));
        assertEquals(400, blank.status());
        assertEquals(Expected.error("Missing required parameter: name."), blank.text());
        Reply zone = call(handler, form(event("edit-zone-alias", owner.key(), alias.id()), "zone_id=x1"));
        assertEquals(Expected.error("Invalid parameter zone_id."), zone.text());
        Reply host = call(handler, form(event("edit-zone-alias", owner.key(), alias.id()), "name=not a host"));
        assertEquals(Expected.error("Invalid parameter name."), host.text());
        assertEquals(alias, Stored.zones().alias(owner.id(), alias.id()));
    }
}
