package nimbus.shared.zone;

/**
 * How a new zone's hostname follows from its name, under the zone domain (test-mode zones under
 * {@code test.<zone domain>}, see {@link ZoneService#TEST_SUBDOMAIN}).
 */
public enum HostnameStyle {
    /**
     * {@code <name in lower case>-<zone number in hex>.<zone domain>}: names (1 to {@link ZoneService#MAX_NAME} ASCII
     * letters and digits) may repeat, the number keeps hostnames apart.
     */
    NUMBERED,
    /**
     * {@code <name>.<zone domain>}: the name is the hostname's first label (a DNS label: 1 to 63 lower-case letters,
     * digits and inner hyphens), so a name any account's zone uses already is a conflict.
     */
    LABEL
}
