package nimbus.shared.zone;

/**
 * A zone with its grant key (the HMAC key of its grant tokens, {@link nimbus.shared.edge.GrantTokens}), read in the
 * same GetItem; {@code grantKey} is null for a zone stored before zones had one. Kept apart from {@link Zone} so the key
 * never reaches a dialect's rendering; {@link #toString()} leaves it out.
 */
public record KeyedZone(Zone zone, String grantKey) {
    @Override
    public String toString() {
        return "KeyedZone[zone=" + zone + ", grantKey=" + (grantKey == null ? "none" : "(secret)") + "]";
    }
}
