package nimbus.shared.auth;

/** A key just revoked, with whose it was. */
public record RevokedKey(String keyName, String ownerEmail) {}
