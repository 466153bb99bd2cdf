package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The initial credit (0) less every day's charges since the account was created, today's included. */
class CreditBalanceHandlerTest {
    private final TestAccount owner = Stored.account();
    private final TestClock clock = new TestClock(owner.account().createdAt().plusSeconds(2 * 86400));
    private final ApplicationContext context = TestStack.contextWith(clock);
    private final CreditBalanceHandler handler = new CreditBalanceHandler(context);

    @AfterEach
    void close() {
        context.close();
    }

    private static String balance(String amount) {
        return "{\"status\":\"success\",\"description\":\"Data successfully received.\",\"data\":{\"amount\":\""
                + amount + "\"}}";
    }

    @Test
    void anAccountThatStoresNothingHasSpentNothing() {
        Reply reply = call(handler, Calls.event("credit-balance", owner.key()));
        assertEquals(200, reply.status());
        assertEquals(balance("0"), reply.text());
    }

    @Test
    void threeDaysOfTenGigabytesCostNinetyCents() {
        TestStack.setAccountCounter(owner.id(), "storageUsed", 10_000_000_000L);
        assertEquals(
                balance("-0.9"),
                call(handler, Calls.event("credit-balance", owner.key())).text());
        // Another account's storage is not this one's.
        assertEquals(
                balance("0"),
                call(handler, Calls.event("credit-balance", Stored.account().key()))
                        .text());
    }
}
