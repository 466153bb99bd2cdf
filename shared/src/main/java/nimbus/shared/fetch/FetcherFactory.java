package nimbus.shared.fetch;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * Makes the URL fetcher a bean, configured from the deployment settings (which cannot exempt any address).
 * Secondary, like {@link nimbus.shared.WallClock}: a test that must fetch from its own server on 127.0.0.1
 * registers a {@link SafeFetcher} built with an allow-list in its context, and that one is injected instead.
 */
@Factory
public class FetcherFactory {
    @Singleton
    @Secondary
    public SafeFetcher safeFetcher() {
        return new SafeFetcher();
    }
}
