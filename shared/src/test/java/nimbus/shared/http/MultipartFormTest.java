package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.PayloadTooLarge;
import org.junit.jupiter.api.Test;

/** multipart/form-data bodies as clients send them, read through {@link ApiRequest}. */
class MultipartFormTest {

    /** Builds a multipart/form-data body by hand, with CRLF line ends as RFC 7578 requires. */
    static final class Body {
        static final String BOUNDARY = "----NimbusTestBoundary7MA4YWxkTrZu0gW";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body field(String name, String value) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
        }

        Body file(String name, String filename, String contentType, byte[] data) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                            + "Content-Type: " + contentType,
                    data);
        }

        Body file(String name, String filename, String content) {
            return file(name, filename, "text/plain", content.getBytes(StandardCharsets.UTF_8));
        }

        /** A part with the given header lines (CRLF-separated, without the blank line that ends them). */
        Body part(String headers, byte[] data) {
            write("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n");
            out.writeBytes(data);
            write("\r\n");
            return this;
        }

        /** The body with its closing delimiter. */
        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return copy.toByteArray();
        }

        /** The request API Gateway hands over for this body (binary media: base64). */
        ApiRequest request() {
            return request("multipart/form-data; boundary=" + BOUNDARY, bytes());
        }

        static ApiRequest request(String contentType, byte[] body) {
            return new ApiRequest(new APIGatewayProxyRequestEvent()
                    .withHttpMethod("POST")
                    .withHeaders(Map.of("Content-Type", contentType))
                    .withBody(Base64.getEncoder().encodeToString(body))
                    .withIsBase64Encoded(true));
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void fieldsAreParametersAndFilesAreFiles() {
        ApiRequest request = new Body()
                .field("description", "holiday photos")
                .file("file", "beach.txt", "text/plain", "sand".getBytes(StandardCharsets.UTF_8))
                .request();

        assertTrue(request.isMultipart());
        assertEquals("holiday photos", request.param("description").orElseThrow());
        assertFalse(request.param("file").isPresent(), "a file part is not a text parameter");

        MultipartForm.Part file = request.file("file").orElseThrow();
        assertTrue(file.isFile());
        assertEquals("file", file.fieldName());
        assertEquals("beach.txt", file.filename());
        assertEquals("text/plain", file.contentType());
        assertEquals("sand", file.text());

        List<MultipartForm.Part> fields = request.multipart().fields();
        assertEquals(1, fields.size());
        assertEquals("description", fields.get(0).fieldName());
        assertNull(fields.get(0).filename());
        assertFalse(request.file("description").isPresent(), "a text field is not a file");
    }

    @Test
    void binaryContentArrivesByteForByte() {
        byte[] every = new byte[256 * 4];
        for (int i = 0; i < every.length; i++) every[i] = (byte) i;
        // CRLF and the boundary's leading dashes inside the data must not end the part.
        byte[] tricky = "\r\n--\r\n--NimbusTest\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[every.length + tricky.length];
        System.arraycopy(every, 0, data, 0, every.length);
        System.arraycopy(tricky, 0, data, every.length, tricky.length);

        ApiRequest request = new Body()
                .file("file", "blob.bin", "application/octet-stream", data)
                .request();

        assertArrayEquals(data, request.file("file").orElseThrow().content().toArray());
    }

    @Test
    void dataEndingInMostOfTheDelimiterKeepsThoseBytes() {
        // The parser meets a partial delimiter before the real one; those bytes are content, not a boundary.
        byte[] data = ("payload\r\n--" + Body.BOUNDARY.substring(0, Body.BOUNDARY.length() - 1))
                .getBytes(StandardCharsets.UTF_8);

        ApiRequest request = new Body()
                .file("file", "near-miss.bin", "application/octet-stream", data)
                .field("after", "still parsed")
                .request();

        assertArrayEquals(data, request.file("file").orElseThrow().content().toArray());
        assertEquals("still parsed", request.param("after").orElseThrow());
    }

    @Test
    void aUtf8FilenameIsKept() {
        ApiRequest request = new Body().file("file", "日本 café.txt", "x").request();
        assertEquals("日本 café.txt", request.file("file").orElseThrow().filename());
    }

    @Test
    void bracketedFileFieldsMatchThePlainName() {
        ApiRequest request = new Body()
                .file("files[]", "one.txt", "1")
                .file("files", "two.txt", "2")
                .file("files[]", "three.txt", "3")
                .file("other", "four.txt", "4")
                .request();

        assertEquals(List.of("one.txt", "two.txt", "three.txt"), filenames(request.files("files")));
        assertEquals(List.of("four.txt"), filenames(request.files("other")));
    }

    @Test
    void duplicateFilePartsAreAllReturnedInOrder() {
        ApiRequest request = new Body()
                .file("file", "a.txt", "A")
                .file("file", "b.txt", "B")
                .file("file", "c.txt", "C")
                .request();

        List<MultipartForm.Part> files = request.files("file");
        assertEquals(List.of("a.txt", "b.txt", "c.txt"), filenames(files));
        assertEquals(
                List.of("A", "B", "C"),
                files.stream().map(MultipartForm.Part::text).toList());
        assertEquals("a.txt", request.file("file").orElseThrow().filename());
    }

    @Test
    void repeatedTextFieldsFormAList() {
        ApiRequest request = new Body()
                .field("tags[]", "red")
                .field("tags[]", "blue")
                .field("tags", "green")
                .request();
        assertEquals(List.of("red", "blue", "green"), request.params("tags"));
    }

    @Test
    void exactly1000PartsAreAccepted() {
        Body body = new Body();
        for (int i = 0; i < 1000; i++) body.field("f" + i, "v");
        assertEquals(1000, body.request().multipart().parts().size());
    }

    @Test
    void moreThan1000PartsArePayloadTooLarge() {
        Body body = new Body();
        for (int i = 0; i < 1001; i++) body.field("f" + i, "v");
        ApiRequest request = body.request();

        PayloadTooLarge e = assertThrows(PayloadTooLarge.class, request::multipart);
        assertEquals("parts", e.what());
        assertEquals(1000, e.limit());
    }

    @Test
    void aLongPartHeaderUnder16KiBIsAccepted() {
        String headers = "Content-Disposition: form-data; name=\"note\"\r\nX-Padding: " + "a".repeat(15 * 1024);
        ApiRequest request =
                new Body().part(headers, "ok".getBytes(StandardCharsets.UTF_8)).request();
        assertEquals("ok", request.param("note").orElseThrow());
    }

    @Test
    void aPartHeaderOver16KiBIsMalformed() {
        String headers = "Content-Disposition: form-data; name=\"note\"\r\nX-Padding: " + "a".repeat(16 * 1024 + 1);
        ApiRequest request =
                new Body().part(headers, "ok".getBytes(StandardCharsets.UTF_8)).request();
        assertMalformedMultipart(request);
    }

    @Test
    void aContentTypeWithoutBoundaryIsMalformed() {
        byte[] body = new Body().file("file", "a.txt", "A").bytes();
        assertMalformedMultipart(Body.request("multipart/form-data", body));
    }

    @Test
    void aBodyCutShortIsMalformed() {
        byte[] whole =
                new Body().file("file", "a.txt", "some content that never ends").bytes();
        byte[] truncated = Arrays.copyOf(whole, whole.length - 60);
        assertMalformedMultipart(Body.request("multipart/form-data; boundary=" + Body.BOUNDARY, truncated));
    }

    @Test
    void aBodyWithoutAnyDelimiterHasNoParts() {
        // Everything before the first delimiter is a preamble (RFC 2046), so this parses as an empty form and the
        // operation then answers that its file is missing.
        byte[] noDelimiter = "this is not multipart at all".getBytes(StandardCharsets.UTF_8);
        ApiRequest request = Body.request("multipart/form-data; boundary=" + Body.BOUNDARY, noDelimiter);
        assertEquals(List.of(), request.multipart().parts());
        assertFalse(request.file("file").isPresent());
    }

    @Test
    void aNulByteInAFilenameIsRefusedAsControlCharacters() {
        ApiRequest request = new Body().file("file", "evil\0.txt", "A").request();
        InvalidInput e = assertThrows(InvalidInput.class, request::multipart);
        assertEquals("filename", e.field());
        assertEquals(InvalidInput.Problem.CONTROL_CHARACTERS, e.problem());
    }

    @Test
    void aBodyThatIsNotMultipartHasNoFiles() {
        ApiRequest request = Body.request(
                "application/octet-stream",
                new Body().file("file", "a.txt", "A").bytes());
        assertFalse(request.isMultipart());
        assertEquals(List.of(), request.files("file"));
        assertFalse(request.file("file").isPresent());
    }

    private static void assertMalformedMultipart(ApiRequest request) {
        InvalidInput e = assertThrows(InvalidInput.class, request::multipart);
        assertEquals("multipart", e.field());
        assertEquals(InvalidInput.Problem.MALFORMED, e.problem());
    }

    private static List<String> filenames(List<MultipartForm.Part> parts) {
        return parts.stream().map(MultipartForm.Part::filename).toList();
    }
}
