package nimbus.shared.fetch;

import inet.ipaddr.IPAddress;
import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nimbus.shared.error.FetchFailed;
import org.apache.hc.core5.http.HttpHost;

/**
 * An http(s) URL taken apart by our own parser and kept in canonical parts. Requests are built from
 * these parts (never from the original string), so the host that was checked is the host connected
 * to: there is no second parser to disagree with.
 *
 * @param host lower-case DNS name, or the canonical IP string (IPv6 without brackets) when {@code ip} is set
 * @param ip the host as an IP literal, or null for a DNS name
 * @param pathAndQuery percent-encoded, always starting with "/", without fragment
 */
record TargetUrl(String scheme, String host, IPAddress ip, int port, String pathAndQuery) {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?");
    private static final String PATH_SAFE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?";

    static TargetUrl parse(String input) {
        String s = input == null ? "" : input.strip();
        Matcher m = SCHEME.matcher(s);
        if (!m.lookingAt()) throw badScheme();
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw badScheme();

        String rest = s.substring(m.end());
        if (!rest.startsWith("//")) throw invalid();
        rest = rest.substring(2);
        int authorityEnd = indexOfAny(rest, "/?#\\");
        String authority = rest.substring(0, authorityEnd);
        if (authority.indexOf('@') >= 0) throw new FetchFailed(FetchFailed.Reason.CREDENTIALS_IN_URL);

        String hostPart;
        String portPart;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) throw invalid();
            hostPart = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) throw invalid();
            portPart = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = authority.indexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? "" : authority.substring(colon + 1);
        }
        int port = parsePort(portPart, scheme);

        String host;
        IPAddress ip;
        if (hostPart.startsWith("[")) {
            ip = AddressRules.parseIPv6Literal(hostPart.substring(1, hostPart.length() - 1));
            if (ip == null) throw invalid();
            host = ip.toCanonicalString();
        } else {
            String name = asciiHost(hostPart);
            ip = AddressRules.parseIPv4Literal(name);
            host = ip != null ? ip.toCanonicalString() : name;
        }

        String tail = rest.substring(authorityEnd);
        int hash = tail.indexOf('#');
        if (hash >= 0) tail = tail.substring(0, hash);
        String pathAndQuery = encode(tail.replace('\\', '/'));
        if (!pathAndQuery.startsWith("/")) pathAndQuery = "/" + pathAndQuery;
        return new TargetUrl(scheme, host, ip, port, pathAndQuery);
    }

    /** The target of a redirect's Location header, absolute or relative to this URL. */
    TargetUrl resolve(String location) {
        String loc = location.strip();
        if (SCHEME.matcher(loc).lookingAt()) return parse(loc);
        if (loc.startsWith("//")) return parse(scheme + ":" + loc);
        int hash = loc.indexOf('#');
        if (hash >= 0) loc = loc.substring(0, hash);
        if (loc.isEmpty()) return this;
        String reference = encode(loc);
        String resolved;
        if (reference.startsWith("?")) {
            // java.net.URI follows RFC 2396 here, which drops the last path segment; RFC 3986 keeps it.
            resolved = path() + reference;
        } else {
            try {
                // Resolve the path against a placeholder authority; ours is kept as already validated.
                URI uri = new URI("http://placeholder" + pathAndQuery).resolve(new URI(reference));
                resolved = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new FetchFailed(FetchFailed.Reason.INVALID_REDIRECT);
            }
        }
        if (!resolved.startsWith("/")) resolved = "/" + resolved;
        return new TargetUrl(scheme, host, ip, port, resolved);
    }

    /** Same scheme, host and port: credentials given for one may be sent to the other. */
    boolean sameOrigin(TargetUrl other) {
        return scheme.equals(other.scheme) && host.equals(other.host) && port == other.port;
    }

    /** The connection target; its name is what the DNS resolver is asked about and what Host and SNI carry. */
    HttpHost httpHost() {
        // -1 leaves the default port out of the Host header.
        return new HttpHost(scheme, null, host, port == defaultPort(scheme) ? -1 : port);
    }

    /** Last non-empty path segment, percent-decoded, or "download". */
    String filename() {
        String[] segments = path().split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (segments[i].isEmpty()) continue;
            String decoded = percentDecode(segments[i]).strip();
            return decoded.isEmpty() ? "download" : decoded;
        }
        return "download";
    }

    private String path() {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String asciiHost(String raw) {
        String name;
        try {
            name = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (name.isEmpty() || !HOST_NAME.matcher(name).matches()) throw invalid();
        return name;
    }

    private static int parsePort(String text, String scheme) {
        if (text.isEmpty()) return defaultPort(scheme);
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) throw invalid();
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) throw invalid();
        return port;
    }

    /** Percent-encodes whatever may not appear raw in a path or query, keeping valid escapes as they are. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.append('%');
            } else if (b < 0x80 && PATH_SAFE.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return s.length();
    }

    private static FetchFailed badScheme() {
        return new FetchFailed(FetchFailed.Reason.UNSUPPORTED_SCHEME);
    }

    private static FetchFailed invalid() {
        return new FetchFailed(FetchFailed.Reason.INVALID_URL);
    }
}
