package nimbus.hackclub;

import static nimbus.hackclub.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.hackclub.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.Test;

class RevokeHandlerTest {
    private final RevokeHandler handler = new RevokeHandler(TestStack.context());
    private final MeHandler me = new MeHandler(TestStack.context());

    @Test
    void revokesTheCallingKeyAtOnce() {
        TestAccount caller = HackClubAccounts.create();
        TestAccount bystander = HackClubAccounts.create();
        assertEquals(
                200,
                call(me, Events.withKey(Events.load("hackclub/me.json"), caller.key()))
                        .status());

        Reply reply = call(handler, Events.withKey(Events.load("hackclub/revoke.json"), caller.key()));
        assertEquals(200, reply.status());
        assertEquals(true, reply.json().get("success"));
        assertEquals(caller.account().email(), reply.json().get("owner_email"));
        assertEquals("test", reply.json().get("key_name"));
        assertEquals("complete", reply.json().get("status"));

        Reply after = call(me, Events.withKey(Events.load("hackclub/me.json"), caller.key()));
        assertEquals(401, after.status());
        assertEquals("invalid_auth", after.error());
        assertEquals(
                401,
                call(handler, Events.withKey(Events.load("hackclub/revoke.json"), caller.key()))
                        .status());
        assertEquals(
                200,
                call(me, Events.withKey(Events.load("hackclub/me.json"), bystander.key()))
                        .status());
    }
}
