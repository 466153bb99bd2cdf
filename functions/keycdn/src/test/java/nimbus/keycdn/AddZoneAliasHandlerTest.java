package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static nimbus.keycdn.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.Test;

class AddZoneAliasHandlerTest {
    private final AddZoneAliasHandler handler = new AddZoneAliasHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void addsAnAliasAsTheSeedsExampleAnswers() {
        Zone zone = Stored.pull(owner, "examplepull");
        String host = Stored.hostname("cdnpull");
        Reply reply =
                call(handler, form(event("add-zone-alias", owner.key()), "name=" + host + "&zone_id=" + zone.id()));
        assertEquals(200, reply.status(), reply.text());
        List<Alias> stored = Stored.zones().aliases(owner.id());
        assertEquals(1, stored.size());
        Alias alias = stored.get(0);
        assertEquals(new Alias(alias.id(), zone.id(), owner.id(), host, alias.createdAt()), alias);
        assertTrue(alias.id().matches("[0-9]+"));
        assertEquals(
                Expected.one("Zone Alias successfully added.", "zonealias", alias.id(), host, zone.id()), reply.text());
        assertEquals(
                zone.id(),
                TestStack.context()
                        .getBean(ZoneTable.class)
                        .resolveHost(host)
                        .orElseThrow()
                        .zoneId());
    }

    @Test
    void theSampleEventsFormAndJsonWithANumericZoneIdWork() {
        Zone zone = Stored.push(owner, "json");
        String host = Stored.hostname("json");
        Reply reply = call(
                handler,
                json(
                        event("add-zone-alias", owner.key()),
                        "{\"zone_id\":" + zone.id() + ",\"name\":\"" + host + "\"}"));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Map.of("id", Stored.zones().aliases(owner.id()).get(0).id(), "name", host, "zone_id", zone.id()),
                reply.data().get("zonealias"));
    }

    @Test
    void aHostnameAnyAccountUsesIs400() {
        Zone theirs = Stored.push(Stored.account(), "theirs");
        Alias taken = Stored.alias(theirs);
        Zone mine = Stored.push(owner, "mine");
        Reply reply = call(
                handler, form(event("add-zone-alias", owner.key()), "name=" + taken.name() + "&zone_id=" + mine.id()));
        assertEquals(400, reply.status());
        assertEquals(Expected.error(taken.name() + " is already in use."), reply.text());
        Reply zoneHost = call(
                handler,
                form(event("add-zone-alias", owner.key()), "name=" + theirs.hostname() + "&zone_id=" + mine.id()));
        assertEquals(Expected.error(theirs.hostname() + " is already in use."), zoneHost.text());
        assertEquals(List.of(), Stored.zones().aliases(owner.id()));
    }

    @Test
    void anotherAccountsZoneIs403AndNothingIsStored() {
        Zone theirs = Stored.push(Stored.account(), "theirs");
        String host = Stored.hostname("nope");
        Reply reply =
                call(handler, form(event("add-zone-alias", owner.key()), "name=" + host + "&zone_id=" + theirs.id()));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        Reply unknown =
                call(handler, form(event("add-zone-alias", owner.key()), "name=" + host + "&zone_id=999999999999"));
        assertEquals(ViewZoneHandlerTest.NO_ZONE, unknown.text());
        assertTrue(
                TestStack.context().getBean(ZoneTable.class).resolveHost(host).isEmpty());
        assertEquals(List.of(), Stored.zones().aliases(owner.id()));
    }

    @Test
    void badInputIs400WithTheParameterNamed() {
        Zone zone = Stored.push(owner, "bad");
        Map<String, String> cases = Map.of(
                "zone_id=" + zone.id(),
                "Missing required parameter: name.",
                "name=a.example.com",
                "Missing required parameter: zone_id.",
                "name=a.example.com&zone_id=",
                "Missing required parameter: zone_id.",
                "name=a.example.com&zone_id=abc",
                "Invalid parameter zone_id.",
                "name=localhost&zone_id=" + zone.id(),
                "Invalid parameter name.",
                "name=a_b.example.com&zone_id=" + zone.id(),
                "Invalid parameter name.",
                "name=" + "a".repeat(120) + ".example.com&zone_id=" + zone.id(),
                "Invalid parameter name: at most 128 characters.");
        cases.forEach((body, description) -> {
            Reply reply = call(handler, form(event("add-zone-alias", owner.key()), body));
            assertEquals(400, reply.status(), body);
            assertEquals(Expected.error(description), reply.text(), body);
        });
        assertEquals(List.of(), Stored.zones().aliases(owner.id()));
    }

    @Test
    void aZoneTakesAtMostTwentyAliases() {
        Zone zone = Stored.push(owner, "many");
        for (int i = 0; i < ZoneService.MAX_ALIASES; i++) Stored.alias(zone);
        Reply reply = call(
                handler,
                form(
                        event("add-zone-alias", owner.key()),
                        "name=" + Stored.hostname("over") + "&zone_id=" + zone.id()));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("A zone can have at most 20 zone aliases."), reply.text());
    }
}
