package nimbus.shared.fetch;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Makes the URL fetcher a bean, configured from the deployment settings. */
@Factory
public class FetcherFactory {
    @Singleton
    public SafeFetcher safeFetcher() {
        return new SafeFetcher();
    }
}
