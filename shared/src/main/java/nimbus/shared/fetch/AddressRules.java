package nimbus.shared.fetch;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/** Which addresses the fetcher may connect to: public unicast only, plus an explicit allow-list. */
final class AddressRules {

    private static final List<IPAddress> BLOCKED_V4 = blocks(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4");

    // ::/96 covers ::, ::1 and the deprecated IPv4-compatible form; Teredo and site-local are not
    // legitimate origins either.
    private static final List<IPAddress> BLOCKED_V6 = blocks(
            "::/96",
            "64:ff9b:1::/48",
            "100::/64",
            "2001::/32",
            "2001:db8::/32",
            "fc00::/7",
            "fe80::/10",
            "fec0::/10",
            "ff00::/8");

    private static final IPAddress NAT64 = block("64:ff9b::/96");

    /** Unbracketed hosts: IPv4 only, in every inet_aton spelling (decimal, octal, hex, short forms). */
    private static final IPAddressStringParameters IPV4_LITERAL;
    /** Bracketed hosts: IPv6 only, including the mixed ::ffff:a.b.c.d form; no zones. */
    private static final IPAddressStringParameters IPV6_LITERAL;

    static {
        IPAddressStringParameters.Builder v4 = literalBuilder().allowIPv6(false).allowSingleSegment(true);
        v4.getIPv4AddressParametersBuilder()
                .allow_inet_aton(true)
                .allow_inet_aton_hex(true)
                .allow_inet_aton_octal(true)
                .allow_inet_aton_joined_segments(true)
                .allow_inet_aton_leading_zeros(true)
                .allowBinary(false);
        IPV4_LITERAL = v4.toParams();

        IPAddressStringParameters.Builder v6 = literalBuilder().allowIPv4(false).allowSingleSegment(false);
        v6.getIPv6AddressParametersBuilder().allowZone(false).allowBase85(false).allowBinary(false);
        IPV6_LITERAL = v6.toParams();
    }

    private final List<IPAddress> allowed;

    AddressRules(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(AddressRules::block)
                .toList();
    }

    /** True if a connection to this address is allowed. */
    boolean permits(InetAddress address) {
        IPAddress ip = normalise(toIPAddress(address));
        for (IPAddress range : allowed) {
            if (range.getIPVersion() == ip.getIPVersion() && range.contains(ip)) return true;
        }
        return !isBlocked(ip);
    }

    /** The host as an IPv4 literal in any inet_aton notation, or null if it is not one. */
    static IPAddress parseIPv4Literal(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        IPAddressString parsed = new IPAddressString(h, IPV4_LITERAL);
        return parsed.isIPAddress() ? parsed.getAddress() : null;
    }

    /** The content of [brackets] as an IPv6 literal, or null if it is not one. */
    static IPAddress parseIPv6Literal(String host) {
        IPAddressString parsed = new IPAddressString(host, IPV6_LITERAL);
        return parsed.isIPAddress() ? parsed.getAddress() : null;
    }

    private static boolean isBlocked(IPAddress ip) {
        if (ip.isIPv4()) return BLOCKED_V4.stream().anyMatch(range -> range.contains(ip));
        IPv6Address v6 = ip.toIPv6();
        // Translation prefixes reach whatever IPv4 address they carry: judge that address.
        if (NAT64.contains(v6)) return isBlocked(v6.getEmbeddedIPv4Address());
        if (v6.is6To4()) return isBlocked(v6.get6To4IPv4Address());
        return BLOCKED_V6.stream().anyMatch(range -> range.contains(v6));
    }

    /** IPv4-mapped IPv6 addresses are the IPv4 address they map. */
    private static IPAddress normalise(IPAddress ip) {
        if (ip.isIPv6() && ip.toIPv6().isIPv4Mapped()) return ip.toIPv6().getEmbeddedIPv4Address();
        return ip;
    }

    private static IPAddress toIPAddress(InetAddress address) {
        // From the raw bytes, so a scope id on a link-local address cannot affect the comparison.
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address ? new IPv4Address(bytes) : new IPv6Address(bytes);
    }

    private static IPAddressStringParameters.Builder literalBuilder() {
        return new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowPrefix(false)
                .allowMask(false)
                .allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE);
    }

    private static List<IPAddress> blocks(String... cidrs) {
        return Stream.of(cidrs).map(AddressRules::block).toList();
    }

    private static IPAddress block(String cidr) {
        IPAddressString parsed = new IPAddressString(cidr);
        if (!parsed.isIPAddress()) throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        return parsed.getAddress().toPrefixBlock();
    }
}
