package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the client, byte for byte (a raw socket: HTTP clients hide header case). */
class GatewayResponseTest {
    private static Gateway gateway;

    /** A status line, header lines as sent, and the body. */
    record Raw(String statusLine, List<String> headers, byte[] body) {
        long count(String name) {
            return headers.stream()
                    .filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .count();
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  FixedFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: nimbus.local.FixedResponseHandler::handleRequest
                      Events:
                        Api:
                          Type: Api
                          Properties:
                            Path: /fixed/{kind}
                            Method: ANY
                """);
        gateway = Gateway.start(Template.load(file), TestStack.context(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Raw send(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            List<String> lines = List.of(text.substring(0, end).split("\r\n"));
            return new Raw(lines.get(0), lines.subList(1, lines.size()), Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    @Test
    void keepsResponseHeaderNamesAsTheHandlerWroteThem() throws IOException {
        Raw response = send("GET", "/fixed/headers");
        assertEquals("HTTP/1.1 200 OK", response.statusLine());
        for (String header : List.of(
                "X-Rate-Limit-Limit: 60",
                "x-lower-case: a",
                "X-MiXeD-cAsE: b",
                "X-Rate-Limit-Remaining: 59",
                "Content-Type: text/plain")) {
            assertTrue(response.headers().contains(header), header + " not in " + response.headers());
        }
        assertEquals(1, response.count("x-amzn-RequestId"), response.headers().toString());
        assertEquals(0, response.count("Server"), response.headers().toString());
        assertEquals("hello", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void sendsEveryValueOfAMultiValueHeader() throws IOException {
        List<String> headers = send("GET", "/fixed/headers").headers();
        assertTrue(headers.contains("Set-Cookie: a=1") && headers.contains("Set-Cookie: b=2"), headers.toString());
    }

    @Test
    void decodesBase64Bodies() throws IOException {
        Raw response = send("GET", "/fixed/binary");
        assertArrayEquals(FixedResponseHandler.ALL_BYTES, response.body());
        assertEquals(1, response.count("Content-Length"), response.headers().toString());
        assertTrue(
                response.headers().contains("Content-Type: application/octet-stream"),
                response.headers().toString());
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() throws IOException {
        Raw response = send("HEAD", "/fixed/binary");
        assertEquals("HTTP/1.1 200 OK", response.statusLine());
        assertTrue(
                response.headers().contains("Content-Length: 256"),
                response.headers().toString());
        assertEquals(0, response.body().length);
    }

    @Test
    void handsEncodedSlashesDotSegmentsAndControlCharactersToRouting() throws IOException {
        Raw encoded = send("GET", "/fixed/..%2F..%2Fetc%2Fpasswd");
        assertEquals("HTTP/1.1 404 Not Found", encoded.statusLine());
        assertEquals("../../etc/passwd", new String(encoded.body(), StandardCharsets.UTF_8));

        Raw nul = send("GET", "/fixed/%00");
        assertEquals("HTTP/1.1 404 Not Found", nul.statusLine());
        assertArrayEquals(new byte[] {0}, nul.body());

        for (String target : List.of("/fixed/../../etc/passwd", "/../fixed/headers", "/fixed/a/..")) {
            Raw dots = send("GET", target);
            assertEquals("HTTP/1.1 403 Forbidden", dots.statusLine(), target);
            assertEquals(
                    "{\"message\":\"Missing Authentication Token\"}",
                    new String(dots.body(), StandardCharsets.UTF_8),
                    target);
        }
    }
}
