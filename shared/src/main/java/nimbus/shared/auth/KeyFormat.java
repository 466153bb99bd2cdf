package nimbus.shared.auth;

import java.util.Set;

/**
 * What a dialect's API keys look like: the dialect's name (stored on each key), the secret's prefix
 * and shape, the data set the key acts on, and the scopes it may carry. Each dialect module provides
 * one (or several, one per key mode) and registers it for {@link KeyFormats}.
 */
public interface KeyFormat {
    /** Stored on the key; a key authenticates only where this matches. */
    String dialect();

    String prefix();

    /** A new secret: the prefix plus at least 256 bits of randomness, in the shape the dialect's clients expect. */
    String newSecret();

    /** "live", or "test" for keys that act on a separate test-mode data set. */
    default String mode() {
        return "live";
    }

    /**
     * The name operators and tools use for this format: the dialect's name for live keys, {@code <dialect>-<mode>}
     * for the others (a dialect with a test mode has two formats).
     */
    default String label() {
        return "live".equals(mode()) ? dialect() : dialect() + "-" + mode();
    }

    /** Every scope a key of this dialect may carry; empty when the dialect has no scopes. */
    default Set<String> knownScopes() {
        return Set.of();
    }

    /** The scopes a key gets when none are asked for. */
    default Set<String> defaultScopes() {
        return knownScopes();
    }
}
