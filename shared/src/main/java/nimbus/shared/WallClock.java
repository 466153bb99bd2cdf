package nimbus.shared;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock that rate windows and key-cache expiry read: the system's, unless a test puts its own in the context. */
@Factory
public class WallClock {
    @Singleton
    @Secondary
    public Clock clock() {
        return Clock.systemUTC();
    }
}
