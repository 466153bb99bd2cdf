package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.Test;

class AddZoneReferrerHandlerTest {
    private final AddZoneReferrerHandler handler = new AddZoneReferrerHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void addsAReferrerAsTheSeedsExampleAnswers() {
        Zone zone = Stored.pull(owner, "examplepull");
        Reply reply =
                call(handler, form(event("add-zone-referrer", owner.key()), "name=example.com&zone_id=" + zone.id()));
        assertEquals(200, reply.status(), reply.text());
        List<Referrer> stored = Stored.referrers().list(owner.id());
        assertEquals(1, stored.size());
        Referrer referrer = stored.get(0);
        assertEquals(new Referrer(referrer.id(), zone.id(), owner.id(), "example.com", referrer.createdAt()), referrer);
        assertEquals(
                Expected.one(
                        "Zone Referrer successfully added.", "zonereferrer", referrer.id(), "example.com", zone.id()),
                reply.text());
    }

    @Test
    void aWildcardAndTheSameNameTwiceAreAccepted() {
        Zone zone = Stored.pull(owner, "wild");
        for (String name : List.of("*.example.com", "*.example.com", "EXAMPLE.org.")) {
            Reply reply = call(
                    handler, form(event("add-zone-referrer", owner.key()), "name=" + name + "&zone_id=" + zone.id()));
            assertEquals(200, reply.status(), reply.text());
        }
        assertEquals(
                List.of("*.example.com", "*.example.com", "example.org"),
                Stored.referrers().list(owner.id()).stream().map(Referrer::name).toList());
    }

    @Test
    void anotherAccountsZoneIs403AndNothingIsStored() {
        Zone theirs = Stored.push(Stored.account(), "theirs");
        Reply reply =
                call(handler, form(event("add-zone-referrer", owner.key()), "name=example.com&zone_id=" + theirs.id()));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
        assertEquals(List.of(), Stored.referrers().list(owner.id()));
        assertEquals(List.of(), Stored.referrers().list(theirs.accountId()));
    }

    @Test
    void badInputIs400WithTheParameterNamed() {
        Zone zone = Stored.push(owner, "bad");
        Map<String, String> cases = Map.of(
                "zone_id=" + zone.id(),
                "Missing required parameter: name.",
                "name=example.com",
                "Missing required parameter: zone_id.",
                "name=example.com&zone_id=1e3",
                "Invalid parameter zone_id.",
                "name=*.&zone_id=" + zone.id(),
                "Invalid parameter name.",
                "name=ex*ample.com&zone_id=" + zone.id(),
                "Invalid parameter name.",
                "name=" + "a".repeat(40) + ".example.com&zone_id=" + zone.id(),
                "Invalid parameter name: at most 46 characters.");
        cases.forEach((body, description) -> {
            Reply reply = call(handler, form(event("add-zone-referrer", owner.key()), body));
            assertEquals(400, reply.status(), body);
            assertEquals(Expected.error(description), reply.text(), body);
        });
        assertEquals(List.of(), Stored.referrers().list(owner.id()));
    }

    @Test
    void aZoneTakesAtMostFiftyReferrers() {
        Zone zone = Stored.push(owner, "many");
        for (int i = 0; i < ZoneService.MAX_REFERRERS; i++) Stored.referrer(zone, "r" + i + ".example.com");
        Reply reply = call(
                handler, form(event("add-zone-referrer", owner.key()), "name=over.example.com&zone_id=" + zone.id()));
        assertEquals(400, reply.status());
        assertEquals(Expected.error("A zone can have at most 50 zone referrers."), reply.text());
    }
}
