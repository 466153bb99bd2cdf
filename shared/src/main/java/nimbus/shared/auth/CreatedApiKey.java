package nimbus.shared.auth;

/** A key just made: the only moment its secret exists outside the client's hands. */
public record CreatedApiKey(String secret, ApiKey key) {}
