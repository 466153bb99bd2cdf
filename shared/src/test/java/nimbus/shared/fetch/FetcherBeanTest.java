package nimbus.shared.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import nimbus.shared.error.FetchFailed;
import org.junit.jupiter.api.Test;

/**
 * The fetcher the functions get: built from the settings, which cannot exempt any address, unless a test
 * registers its own in its context.
 */
class FetcherBeanTest {
    private static final String OLD_SWITCH = "NIMBUS_FETCH_ALLOW_CIDRS";

    @Test
    void aFetcherRegisteredInTheContextReplacesTheDeployedOne() {
        SafeFetcher mine = new SafeFetcher(SafeFetcher.Policy.fromSettings().allowing("127.0.0.1/32"));
        try (ApplicationContext context =
                ApplicationContext.builder().singletons(mine).start()) {
            assertSame(mine, context.getBean(SafeFetcher.class));
        }
    }

    @Test
    void noSettingLetsTheDeployedFetcherReachLoopback() {
        // The allow-list setting this project once had: setting it now must change nothing.
        String previous = System.setProperty(OLD_SWITCH, "127.0.0.0/8,::1/128");
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            SafeFetcher deployed = context.getBean(SafeFetcher.class);
            assertEquals(List.of(), SafeFetcher.Policy.fromSettings().allowedCidrs());
            FetchFailed refused =
                    assertThrows(FetchFailed.class, () -> deployed.fetch("http://127.0.0.1:1/", null, 1000));
            assertEquals(FetchFailed.Reason.ADDRESS_NOT_ALLOWED, refused.reason());
        } finally {
            if (previous == null) System.clearProperty(OLD_SWITCH);
            else System.setProperty(OLD_SWITCH, previous);
        }
    }
}
