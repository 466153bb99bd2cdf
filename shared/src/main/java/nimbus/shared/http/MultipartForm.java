package nimbus.shared.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.PayloadTooLarge;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

/** A parsed multipart/form-data body (Apache Commons FileUpload's streaming parser over the decoded bytes). */
public final class MultipartForm {
    /** Caps the number of parts, so a body of tiny parts cannot exhaust memory. */
    static final int MAX_PARTS = 1000;

    static final int MAX_PART_HEADER_BYTES = 16 * 1024;

    public record Part(String fieldName, String filename, String contentType, byte[] data) {
        public boolean isFile() {
            return filename != null;
        }

        public String text() {
            return new String(data, StandardCharsets.UTF_8);
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

    static MultipartForm parse(String contentType, byte[] body) {
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return new MultipartForm(List.of());
        }
        Parser parser = new Parser();
        parser.setMaxFileCount(MAX_PARTS);
        // Room for long (up to 255 characters, 4 bytes each) names and extra headers.
        parser.setMaxPartHeaderSize(MAX_PART_HEADER_BYTES);
        List<Part> parts = new ArrayList<>();
        try {
            FileItemInputIterator items = parser.getItemIterator(new BytesContext(contentType, body));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                String filename = item.isFormField()
                        ? null
                        : Optional.ofNullable(item.getName()).orElse("");
                try (InputStream in = item.getInputStream()) {
                    parts.add(new Part(
                            item.getFieldName() == null ? "" : item.getFieldName(),
                            filename,
                            item.getContentType(),
                            in.readAllBytes()));
                }
                if (parts.size() > MAX_PARTS) throw new PayloadTooLarge("parts", MAX_PARTS);
            }
        } catch (InvalidPathException e) {
            throw InvalidInput.controlCharacters("filename");
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            if (e.getCause() instanceof InvalidPathException) {
                throw InvalidInput.controlCharacters("filename");
            }
            throw InvalidInput.malformed("multipart");
        }
        return new MultipartForm(List.copyOf(parts));
    }

    private static final class Parser extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws IOException {
            return super.getItemIterator(request);
        }

        @Override
        public java.util.Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException();
        }
    }

    private record BytesContext(String contentType, byte[] body) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
