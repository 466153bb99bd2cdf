package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

/** The seed: "Maximum body size is 64 KB". */
class PayloadTest {
    private final AddZoneHandler handler = new AddZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private static String bodyOf(int bytes) {
        String start = "name=big&type=push&pad=";
        return start + "x".repeat(bytes - start.length());
    }

    @Test
    void sixtyFourKilobytesAreAccepted() {
        Reply reply = call(handler, form(event("add-zone", owner.key()), bodyOf(64 * 1024)));
        assertEquals(200, reply.status(), reply.text());
    }

    @Test
    void oneByteMoreIs413AndAddsNothing() {
        Reply reply = call(handler, form(event("add-zone", owner.key()), bodyOf(64 * 1024 + 1)));
        assertEquals(413, reply.status());
        assertEquals(Expected.error("Maximum body size is 64 KB."), reply.text());
        assertEquals(List.of(), Stored.zones().list(owner.id()));
    }
}
