package nimbus.shared.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nimbus.shared.ByteSlice;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.PayloadTooLarge;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/** A parsed multipart/form-data body: Jetty's multipart parser over the decoded bytes, parts kept as views of them. */
public final class MultipartForm {
    /** Caps the number of parts, so a body of tiny parts cannot exhaust memory. */
    static final int MAX_PARTS = 1000;

    /** Room for long (up to 255 characters, 4 bytes each) names and extra headers. */
    static final int MAX_PART_HEADER_BYTES = 16 * 1024;

    /** A part: a file when it has a filename (possibly empty); its content is a view of the request body. */
    public record Part(String fieldName, String filename, String contentType, ByteSlice content) {
        public boolean isFile() {
            return filename != null;
        }

        public String text() {
            return content.text();
        }
    }

    private final List<Part> parts;

    private MultipartForm(List<Part> parts) {
        this.parts = parts;
    }

    public List<Part> parts() {
        return parts;
    }

    public List<Part> fields() {
        return parts.stream().filter(p -> !p.isFile()).toList();
    }

    /** File parts sent under {@code name}, also matching {@code name[]}. */
    public List<Part> files(String name) {
        return parts.stream()
                .filter(p -> p.isFile()
                        && (p.fieldName().equals(name) || p.fieldName().equals(name + "[]")))
                .toList();
    }

    public Optional<Part> file(String name) {
        return files(name).stream().findFirst();
    }

    /** Loads the parser's classes (SnapStart priming: they go into the snapshot, not into the first upload). */
    public static void warm() {
        String body = "--warm\r\nContent-Disposition: form-data; name=\"file\"; filename=\"warm.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nwarm\r\n--warm--\r\n";
        parse("multipart/form-data; boundary=warm", body.getBytes(StandardCharsets.UTF_8));
    }

    static MultipartForm parse(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return new MultipartForm(List.of());
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) throw InvalidInput.malformed("multipart");
        Collector collector = new Collector();
        MultiPart.Parser parser = new MultiPart.Parser(boundary, collector);
        parser.setMaxParts(MAX_PARTS + 1);
        parser.setPartHeadersMaxLength(MAX_PART_HEADER_BYTES);
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(body), true));
        if (collector.parts.size() > MAX_PARTS) throw new PayloadTooLarge("parts", MAX_PARTS);
        if (collector.failure instanceof HttpException) {
            // Jetty refuses a control character anywhere in a part's headers. The filename is the one header value
            // clients fill from user data, and a NUL in it is what they send; each dialect words that its own way.
            throw InvalidInput.controlCharacters("filename");
        }
        if (collector.failure != null && collector.begun) throw InvalidInput.malformed("multipart");
        // No delimiter at all: everything is preamble (RFC 2046), an empty form.
        return new MultipartForm(List.copyOf(collector.parts));
    }

    /** Collects each part with its content as slices of the body (Jetty hands out views, not copies). */
    private static final class Collector extends MultiPart.AbstractPartsListener {
        final List<Part> parts = new ArrayList<>();
        private final List<ByteBuffer> content = new ArrayList<>();
        Throwable failure;
        boolean begun;

        @Override
        public void onPartBegin() {
            begun = true;
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            ByteBuffer bytes = chunk.getByteBuffer();
            if (bytes.hasRemaining()) content.add(bytes.slice());
        }

        @Override
        public void onPart(String name, String fileName, HttpFields headers) {
            parts.add(new Part(name == null ? "" : name, fileName, headers.get(HttpHeader.CONTENT_TYPE), joined()));
            content.clear();
        }

        @Override
        public void onFailure(Throwable cause) {
            if (failure == null) failure = cause;
        }

        private ByteSlice joined() {
            if (content.size() == 1 && content.get(0).hasArray()) {
                ByteBuffer only = content.get(0);
                return ByteSlice.of(only.array(), only.arrayOffset() + only.position(), only.remaining());
            }
            int length = content.stream().mapToInt(ByteBuffer::remaining).sum();
            byte[] copy = new byte[length];
            int at = 0;
            for (ByteBuffer piece : content) {
                int n = piece.remaining();
                piece.duplicate().get(copy, at, n);
                at += n;
            }
            return ByteSlice.of(copy);
        }
    }
}
