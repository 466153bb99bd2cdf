package nimbus.local.kit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** API Gateway proxy events from events/, the fixtures the handler tests start from. */
public final class Events {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private Events() {}

    /** A proxy response's body as the client receives it: base64 decoded where the handler encoded it. */
    public static byte[] body(APIGatewayProxyResponseEvent response) {
        String body = response.getBody() == null ? "" : response.getBody();
        return Boolean.TRUE.equals(response.getIsBase64Encoded())
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    public static Path directory() {
        return Template.defaultPath().getParent().resolve("events");
    }

    public static APIGatewayProxyRequestEvent load(String relativePath) {
        try {
            return JSON.readValue(
                    Files.readAllBytes(directory().resolve(relativePath)), APIGatewayProxyRequestEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a header in both header maps, as API Gateway fills both. */
    public static APIGatewayProxyRequestEvent withHeader(APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        Map<String, List<String>> multi =
                new HashMap<>(event.getMultiValueHeaders() == null ? Map.of() : event.getMultiValueHeaders());
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        multi.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        if (value != null) {
            headers.put(name, value);
            multi.put(name, new ArrayList<>(List.of(value)));
        }
        event.setHeaders(headers);
        event.setMultiValueHeaders(multi);
        return event;
    }

    public static APIGatewayProxyRequestEvent withKey(APIGatewayProxyRequestEvent event, String secret) {
        return withHeader(event, "Authorization", secret == null ? null : "Bearer " + secret);
    }

    /** Sets a binary body the way API Gateway delivers it with binary media types: base64. */
    public static APIGatewayProxyRequestEvent withBody(
            APIGatewayProxyRequestEvent event, String contentType, byte[] body) {
        withHeader(event, "Content-Type", contentType);
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    public static APIGatewayProxyRequestEvent withPathParameter(
            APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> params =
                new HashMap<>(event.getPathParameters() == null ? Map.of() : event.getPathParameters());
        params.put(name, value);
        event.setPathParameters(params);
        event.setPath(event.getResource().replace("{" + name + "}", value));
        return event;
    }

    /** The ObjectCreated:Put notification S3 sends (key URL-encoded, as S3 does). */
    public static S3Event s3ObjectCreated(String bucket, String key) {
        var entity = new S3EventNotification.S3Entity(
                "local",
                new S3EventNotification.S3BucketEntity(
                        bucket, new S3EventNotification.UserIdentityEntity("local"), "arn:aws:s3:::" + bucket),
                new S3EventNotification.S3ObjectEntity(
                        URLEncoder.encode(key, StandardCharsets.UTF_8), 0L, null, null, null),
                "1.0");
        var record = new S3EventNotification.S3EventNotificationRecord(
                "us-east-1",
                "ObjectCreated:Put",
                "aws:s3",
                java.time.Instant.now().toString(),
                "2.1",
                new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity(null, null),
                entity,
                new S3EventNotification.UserIdentityEntity("local"));
        return new S3Event(List.of(record));
    }
}
