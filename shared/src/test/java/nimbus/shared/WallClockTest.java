package nimbus.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Rate windows and key-cache expiry read the Clock bean: the system's, unless a test registers its own. */
class WallClockTest {
    @Test
    void withoutAClockOfItsOwnTheContextHasTheSystemClock() {
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            assertEquals(Clock.systemUTC(), context.getBean(Clock.class));
        }
    }

    @Test
    void aClockRegisteredInTheContextReplacesTheSystemClock() {
        Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (ApplicationContext context =
                ApplicationContext.builder().singletons(fixed).start()) {
            assertSame(fixed, context.getBean(Clock.class));
        }
    }
}
