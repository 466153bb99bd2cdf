package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class ListZoneAliasesHandlerTest {
    private final ListZoneAliasesHandler handler = new ListZoneAliasesHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void listsTheCallersAliasesOldestFirstInTheSeedsShape() {
        Zone pull = Stored.pull(owner, "examplepull");
        Zone push = Stored.push(owner, "examplepush");
        Alias first = Stored.alias(pull);
        Alias second = Stored.alias(push);
        Stored.alias(Stored.push(Stored.account(), "theirs"));
        Reply reply = call(handler, event("list-zone-aliases", owner.key()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(
                Expected.list(
                        "zonealiases",
                        Expected.listed(first.id(), pull.id(), first.name()),
                        Expected.listed(second.id(), push.id(), second.name())),
                reply.text());
    }

    @Test
    void noAliasesIsAnEmptyList() {
        Reply reply = call(handler, event("list-zone-aliases", owner.key()));
        assertEquals(Expected.list("zonealiases"), reply.text());
    }
}
