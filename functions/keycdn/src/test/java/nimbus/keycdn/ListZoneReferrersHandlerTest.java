package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class ListZoneReferrersHandlerTest {
    private final ListZoneReferrersHandler handler = new ListZoneReferrersHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void listsTheCallersReferrersOldestFirstInTheSeedsShape() {
        Zone zone = Stored.pull(owner, "examplepull");
        Referrer first = Stored.referrer(zone, "example.com");
        Referrer second = Stored.referrer(zone, zone.hostname());
        Stored.referrer(Stored.push(Stored.account(), "theirs"), "theirs.example.com");
        Reply reply = call(handler, event("list-zone-referrers", owner.key()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.list(
                        "zonereferrers",
                        Expected.listed(first.id(), zone.id(), "example.com"),
                        Expected.listed(second.id(), zone.id(), zone.hostname())),
                reply.text());
    }

    @Test
    void noReferrersIsAnEmptyList() {
        assertEquals(
                Expected.list("zonereferrers"),
                call(handler, event("list-zone-referrers", owner.key())).text());
    }
}
