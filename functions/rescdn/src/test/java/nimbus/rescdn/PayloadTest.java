package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import org.junit.jupiter.api.Test;

/** A body over 64 KB is refused before anything else. */
class PayloadTest {
    private final CreateZoneHandler handler = new CreateZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private static String body(String name, int size) {
        String start = "{\"name\":\"" + name + "\",\"origin\":\"https://your-origin.com\",\"pad\":\"";
        return start + "x".repeat(size - start.length() - 2) + "\"}";
    }

    @Test
    void sixtyFourKbIsReadAndOneByteMoreIs413() {
        Reply ok = call(handler, Calls.create(owner.key(), body(Stored.name(), 64 * 1024)));
        assertEquals(201, ok.status(), ok.text());
        Reply big = call(handler, Calls.create(owner.key(), body(Stored.name(), 64 * 1024 + 1)));
        assertEquals(413, big.status());
        assertEquals(Calls.error("request body too large: at most 64 KB"), big.text());
        assertEquals(1, Stored.zones().list(owner.id()).size());
    }

    @Test
    void evenWithoutAKey() {
        Reply big = call(handler, Calls.create(null, body(Stored.name(), 64 * 1024 + 1)));
        assertEquals(413, big.status());
    }
}
