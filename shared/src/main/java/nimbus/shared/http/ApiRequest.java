package nimbus.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nimbus.shared.error.InvalidInput;

/**
 * A read-only view of an API Gateway proxy event: headers (case-insensitive), path and query
 * parameters, and the body decoded once. Parameters may come from a JSON body, a urlencoded form
 * body or the query string, the way Rails-style APIs accept them.
 */
public final class ApiRequest {
    private final APIGatewayProxyRequestEvent event;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body;
    private Map<String, List<Object>> bodyParams;
    private final java.util.Set<String> bodyKeys = new java.util.HashSet<>();
    private MultipartForm multipart;

    public ApiRequest(APIGatewayProxyRequestEvent event) {
        this.event = event;
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((k, v) -> {
                if (v != null) headers.put(k, List.copyOf(v));
            });
        }
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> {
                if (v != null) headers.putIfAbsent(k, List.of(v));
            });
        }
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * The caller's address as API Gateway saw it ({@code requestContext.identity.sourceIp}, not a header the caller
     * can set); null when the event has none.
     */
    public String sourceIp() {
        var context = event.getRequestContext();
        if (context == null || context.getIdentity() == null) return null;
        String ip = context.getIdentity().getSourceIp();
        return ip == null || ip.isBlank() ? null : ip;
    }

    public String httpMethod() {
        return event.getHttpMethod();
    }

    public String path() {
        return event.getPath();
    }

    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    /** The media type of the body, lower-case and without parameters; empty when there is none. */
    public String mediaType() {
        String type = header("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    public byte[] body() {
        if (body == null) {
            String raw = event.getBody();
            if (raw == null) {
                body = new byte[0];
            } else if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
                body = decodeBase64(raw);
            } else {
                body = raw.getBytes(StandardCharsets.UTF_8);
            }
        }
        return body;
    }

    /**
     * API Gateway sends plain base64 (twice as fast to decode); line-wrapped input is still accepted,
     * but nothing else outside the alphabet (the MIME decoder would silently skip it).
     */
    private static byte[] decodeBase64(String raw) {
        try {
            return Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException notPlain) {
            if (raw.chars().anyMatch(c -> c != '\r' && c != '\n' && Base64Alphabet.excludes(c))) {
                throw InvalidInput.malformed("base64");
            }
            try {
                return Base64.getMimeDecoder().decode(raw);
            } catch (IllegalArgumentException e) {
                throw InvalidInput.malformed("base64");
            }
        }
    }

    private static final class Base64Alphabet {
        static boolean excludes(int c) {
            return !((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '=');
        }
    }

    public MultipartForm multipart() {
        if (multipart == null)
            multipart = MultipartForm.parse(header("Content-Type").orElse(""), body());
        return multipart;
    }

    public boolean isMultipart() {
        return mediaType().equals("multipart/form-data");
    }

    /** The first file part named {@code name}; empty when there is none or the body is not multipart. */
    public Optional<MultipartForm.Part> file(String name) {
        return isMultipart() ? multipart().file(name) : Optional.empty();
    }

    /** Every file part named {@code name} (or {@code name[]}); none when the body is not multipart. */
    public List<MultipartForm.Part> files(String name) {
        return isMultipart() ? multipart().files(name) : List.of();
    }

    /** The file part named {@code name}, unless it is a form's "no file chosen" part (no filename, no bytes). */
    public Optional<MultipartForm.Part> chosenFile(String name) {
        return chosenFiles(name).stream().findFirst();
    }

    /** The file parts named {@code name} (or {@code name[]}), without "no file chosen" parts. */
    public List<MultipartForm.Part> chosenFiles(String name) {
        return files(name).stream()
                .filter(p -> !(p.filename().isEmpty() && p.content().isEmpty()))
                .toList();
    }

    /** The first value of a parameter from the body (JSON or form) or the query string. */
    public Optional<String> param(String name) {
        List<Object> values = params(name);
        for (Object value : values) {
            if (value instanceof String s) return Optional.of(s);
            if (value instanceof Number || value instanceof Boolean) return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** A whole-number parameter; anything but digits is refused as malformed. */
    public Optional<Long> longParam(String name) {
        Optional<String> value = param(name).map(String::trim);
        if (value.isEmpty() || value.get().isEmpty()) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            throw InvalidInput.malformed(name);
        }
    }

    /**
     * Every value of a list parameter: a JSON array, repeated {@code name} / {@code name[]} form or
     * query fields, or PHP-style {@code name[0]=...}.
     */
    public List<Object> params(String name) {
        List<Object> values = new ArrayList<>(bodyParams().getOrDefault(name, List.of()));
        Map<String, List<String>> query = event.getMultiValueQueryStringParameters();
        if (query != null) {
            query.forEach((key, list) -> {
                if (matches(key, name) && list != null) values.addAll(list);
            });
        } else if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((key, value) -> {
                if (matches(key, name)) values.add(value);
            });
        }
        return values;
    }

    /** True when the body names the parameter at all, even as JSON null (which means "clear it"). */
    public boolean has(String name) {
        return bodyParams().containsKey(name)
                || bodyKeys.contains(name)
                || !params(name).isEmpty();
    }

    private Map<String, List<Object>> bodyParams() {
        if (bodyParams != null) return bodyParams;
        bodyParams = new LinkedHashMap<>();
        String type = mediaType();
        if (type.equals("application/json") || type.endsWith("+json")) {
            if (body().length > 0) {
                Json.parseObject(body()).forEach((key, value) -> {
                    bodyKeys.add(key);
                    if (value instanceof Collection<?> list) bodyParams.put(key, new ArrayList<>(list));
                    else if (value != null) bodyParams.put(key, new ArrayList<>(List.of(value)));
                });
            }
        } else if (type.equals("application/x-www-form-urlencoded")) {
            for (String pair : new String(body(), StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                bodyParams
                        .computeIfAbsent(baseName(key), k -> new ArrayList<>())
                        .add(value);
            }
        } else if (type.equals("multipart/form-data")) {
            multipart()
                    .fields()
                    .forEach(part -> bodyParams
                            .computeIfAbsent(baseName(part.fieldName()), k -> new ArrayList<>())
                            .add(part.text()));
        }
        return bodyParams;
    }

    private static boolean matches(String key, String name) {
        return baseName(key).equals(name);
    }

    /** {@code ids[]} and {@code ids[3]} name the list {@code ids}. */
    private static String baseName(String key) {
        int bracket = key.indexOf('[');
        return bracket > 0 && key.endsWith("]") ? key.substring(0, bracket) : key;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.malformed("form");
        }
    }
}
