package nimbus.shared.auth;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The registry of key formats: every dialect module on the classpath lists its {@link KeyFormat}s in
 * {@code META-INF/services/nimbus.shared.auth.KeyFormat}. Tools that serve all dialects (the operator
 * tool, the local stack) look formats up here; a function knows its own and never needs this.
 */
public final class KeyFormats {
    private KeyFormats() {}

    public static List<KeyFormat> all() {
        return ServiceLoader.load(KeyFormat.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The format whose {@link KeyFormat#label()} is {@code name} (a dialect's name: its live keys), in any case. */
    public static Optional<KeyFormat> find(String name) {
        return all().stream()
                .filter(f -> f.label().equalsIgnoreCase(name == null ? "" : name.trim()))
                .findFirst();
    }
}
