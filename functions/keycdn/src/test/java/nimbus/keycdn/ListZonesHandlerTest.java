package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class ListZonesHandlerTest {
    private final ListZonesHandler handler = new ListZonesHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void noZonesIsAnEmptyList() {
        Reply reply = call(handler, event("list-zones", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Data successfully received.\",\"data\":{\"zones\":[]}}",
                reply.text());
    }

    @Test
    void theAccountsZonesInCreationOrderInTheSeedsShapes() {
        Zone pull = Stored.pull(owner, "examplepull");
        Zone push = Stored.push(owner, "examplepush");
        Stored.pull(Stored.account(), "someoneelse");
        Reply reply = call(handler, event("list-zones", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(
                "{\"status\":\"success\",\"description\":\"Data successfully received.\",\"data\":{\"zones\":["
                        + Expected.pull(pull.id(), "examplepull") + "," + Expected.push(push.id(), "examplepush")
                        + "]}}",
                reply.text());
    }

    @Test
    void aGetWithAFormBodyWorksAsPythonsClientSendsIt() {
        Stored.push(owner, "formbody");
        Reply reply = call(handler, form(event("list-zones", owner.key()), "foo=bar&urls%5B0%5D=a&urls%5B1%5D=b"));
        assertEquals(200, reply.status());
        assertEquals(1, reply.zones().size());
        assertEquals("formbody", reply.zones().get(0).get("name"));
    }
}
