package nimbus.aether;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import nimbus.shared.files.Page;
import nimbus.shared.files.PublicUrls;
import nimbus.shared.upload.LargeUploads;

/** The AetherCDN JSON shapes: every success is {@code {"success": true, ...}}. */
final class AetherJson {
    private AetherJson() {}

    static Map<String, Object> success(String name, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        if (name != null) body.put(name, value);
        return body;
    }

    static Map<String, Object> page(String name, Page<?> page, java.util.List<?> items) {
        Map<String, Object> body = success(name, items);
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("total", page.total());
        pagination.put("limit", page.limit());
        pagination.put("offset", page.offset());
        body.put("pagination", pagination);
        return body;
    }

    static Map<String, Object> file(FileRecord file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id());
        json.put("name", file.filename());
        json.put("size", file.size());
        json.put("url", PublicUrls.of(file));
        json.put("contentType", file.contentType());
        json.put("folderId", file.folderId());
        json.put("description", file.description());
        json.put("tags", file.tags());
        json.put("createdAt", file.createdAt().toString());
        return json;
    }

    /** A large upload: where each part goes (parts already received carry no URL). */
    static Map<String, Object> upload(LargeUploads.Started started) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", started.session().id());
        json.put("name", started.session().name());
        json.put("size", started.session().size());
        json.put("partSize", started.session().partSize());
        json.put("expiresAt", started.session().deadline().toString());
        json.put(
                "parts",
                started.parts().stream()
                        .map(p -> {
                            Map<String, Object> part = new LinkedHashMap<>();
                            part.put("partNumber", p.number());
                            part.put("size", p.size());
                            part.put("uploaded", p.uploaded());
                            if (p.url() != null) part.put("url", p.url());
                            return part;
                        })
                        .toList());
        return json;
    }

    static Map<String, Object> folder(FolderRecord folder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", folder.id());
        json.put("name", folder.name());
        json.put("fileCount", folder.fileCount());
        json.put("createdAt", folder.createdAt().toString());
        return json;
    }
}
