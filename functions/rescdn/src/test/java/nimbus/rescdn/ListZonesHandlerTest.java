package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import org.junit.jupiter.api.Test;

class ListZonesHandlerTest {
    private final ListZonesHandler handler = new ListZonesHandler(TestStack.context());
    private final CreateZoneHandler create = new CreateZoneHandler(TestStack.context());

    private Map<String, Object> created(String key, String name) {
        Reply reply = call(create, Calls.createNamed(key, name));
        assertEquals(201, reply.status(), reply.text());
        return reply.json();
    }

    @Test
    void noZonesIsAnEmptyList() {
        Reply reply = call(handler, Calls.event("list-zones", Stored.account().key()));
        assertEquals(200, reply.status());
        assertEquals("{\"zones\":[]}", reply.text());
    }

    @Test
    void theAccountsZonesOldestFirstAsCreateGaveThem() {
        TestAccount owner = Stored.account();
        Map<String, Object> first = created(owner.key(), Stored.name());
        Map<String, Object> second = created(owner.key(), Stored.name());
        Reply reply = call(handler, Calls.event("list-zones", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(List.of(first, second), reply.zones());
    }

    @Test
    void anotherAccountsZonesAreNeverListed() {
        TestAccount owner = Stored.account();
        TestAccount other = Stored.account();
        created(other.key(), Stored.name());
        Map<String, Object> mine = created(owner.key(), Stored.name());
        assertEquals(
                List.of(mine),
                call(handler, Calls.event("list-zones", owner.key())).zones());
    }

    @Test
    void liveAndTestKeysSeeOnlyTheirOwnModesZones() {
        TestAccount owner = Stored.account();
        String testKey = Stored.testKey(owner);
        Map<String, Object> live = created(owner.key(), Stored.name());
        Map<String, Object> test = created(testKey, Stored.name());
        assertEquals(
                List.of(live),
                call(handler, Calls.event("list-zones", owner.key())).zones());
        assertEquals(
                List.of(test), call(handler, Calls.event("list-zones", testKey)).zones());
    }
}
