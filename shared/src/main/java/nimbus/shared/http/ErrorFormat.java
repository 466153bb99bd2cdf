package nimbus.shared.http;

import nimbus.shared.error.DomainException;

/** How a dialect answers a failure: its status, wording and error body. */
@FunctionalInterface
public interface ErrorFormat {
    ApiResponse render(DomainException e);
}
