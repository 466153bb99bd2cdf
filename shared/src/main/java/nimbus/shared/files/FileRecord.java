package nimbus.shared.files;

import java.time.Instant;
import java.util.List;

/**
 * A stored file of a zone. A files-zone blob lives in the
 * assets bucket under {@link #blobKey(String)}, derived from the id alone, so the edge can serve
 * {@code /{id}/{anything}} without reading metadata.
 */
public record FileRecord(
        String id,
        String accountId,
        String zoneId,
        String filename,
        long size,
        String contentType,
        String sha256,
        Instant createdAt,
        String folderId,
        String description,
        List<String> tags) {

    public FileRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static String blobKey(String id) {
        return "files/" + id;
    }

    public String blobKey() {
        return blobKey(id);
    }

    public FileRecord withFilename(String newName) {
        return new FileRecord(
                id, accountId, zoneId, newName, size, contentType, sha256, createdAt, folderId, description, tags);
    }

    public FileRecord withDetails(String newFolderId, String newDescription, List<String> newTags) {
        return new FileRecord(
                id,
                accountId,
                zoneId,
                filename,
                size,
                contentType,
                sha256,
                createdAt,
                newFolderId,
                newDescription,
                newTags);
    }
}
