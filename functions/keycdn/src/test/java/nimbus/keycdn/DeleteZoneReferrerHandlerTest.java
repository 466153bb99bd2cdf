package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Referrer;
import org.junit.jupiter.api.Test;

class DeleteZoneReferrerHandlerTest {
    private final DeleteZoneReferrerHandler handler = new DeleteZoneReferrerHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void deletesTheReferrerAsTheSeedAnswers() {
        Referrer referrer = Stored.referrer(Stored.pull(owner, "gone"), "example.com");
        Reply reply = call(handler, event("delete-zone-referrer", owner.key(), referrer.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(Expected.deleted("Zone Referrer successfully deleted."), reply.text());
        assertEquals(List.of(), Stored.referrers().list(owner.id()));
        Reply again = call(handler, event("delete-zone-referrer", owner.key(), referrer.id()));
        assertEquals(404, again.status());
        assertEquals(Expected.NO_ITEM, again.text());
    }

    @Test
    void anotherAccountsReferrerIs404AndStays() {
        Referrer theirs = Stored.referrer(Stored.push(Stored.account(), "theirs"), "example.com");
        Reply reply = call(handler, event("delete-zone-referrer", owner.key(), theirs.id()));
        assertEquals(404, reply.status());
        assertEquals(Expected.NO_ITEM, reply.text());
        assertEquals(theirs, Stored.referrers().require(theirs.accountId(), theirs.id()));
    }
}
