package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Reports.DAY;
import static nimbus.keycdn.Reports.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.zone.Zone;
import org.junit.jupiter.api.Test;

class ImageProcessingStatsHandlerTest {
    private final ImageProcessingStatsHandler handler = new ImageProcessingStatsHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void noImageOperationsInTheSeedsShape() {
        Zone zone = Stored.pull(owner, "images");
        Reply reply = call(
                handler,
                get(
                        "image-processing-stats",
                        owner.key(),
                        "zone_id",
                        zone.id(),
                        "start",
                        "1541030400",
                        "end",
                        "1541203200"));
        assertEquals(200, reply.status());
        assertEquals(Reports.stats(Reports.rows(0, 1541030400L, DAY, 3)), reply.text());
    }

    @Test
    void anotherAccountsZoneIs403() {
        Zone theirs = Stored.pull(Stored.account(), "theirs");
        Reply reply = call(
                handler,
                get(
                        "image-processing-stats",
                        owner.key(),
                        "zone_id",
                        theirs.id(),
                        "start",
                        "1541030400",
                        "end",
                        "1541203200"));
        assertEquals(403, reply.status());
        assertEquals(ViewZoneHandlerTest.NO_ZONE, reply.text());
    }
}
