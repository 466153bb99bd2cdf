package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Alias;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.Test;

class DeleteZoneAliasHandlerTest {
    private final DeleteZoneAliasHandler handler = new DeleteZoneAliasHandler(TestStack.context());
    private final TestAccount owner = Stored.account();
    private final ZoneTable table = TestStack.context().getBean(ZoneTable.class);

    @Test
    void deletesTheAliasAndFreesItsHostname() {
        Alias alias = Stored.alias(Stored.pull(owner, "gone"));
        Reply reply = call(handler, event("delete-zone-alias", owner.key(), alias.id()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(Expected.deleted("Zone Alias successfully deleted."), reply.text());
        assertEquals(List.of(), Stored.zones().aliases(owner.id()));
        assertTrue(table.resolveHost(alias.name()).isEmpty());
        Reply again = call(handler, event("delete-zone-alias", owner.key(), alias.id()));
        assertEquals(404, again.status());
        assertEquals(Expected.NO_ITEM, again.text());
    }

    @Test
    void anotherAccountsAliasIs404AndStays() {
        Alias theirs = Stored.alias(Stored.push(Stored.account(), "theirs"));
        Reply reply = call(handler, event("delete-zone-alias", owner.key(), theirs.id()));
        assertEquals(404, reply.status());
        assertEquals(Expected.NO_ITEM, reply.text());
        assertEquals(theirs, Stored.zones().alias(theirs.accountId(), theirs.id()));
        assertTrue(table.resolveHost(theirs.name()).isPresent());
    }
}
