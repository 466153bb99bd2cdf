package nimbus.hackclub;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.account.Account;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.PublicUrls;
import nimbus.shared.upload.LargeUploads;

/** The Hack Club v4 JSON shapes. */
final class HackClubJson {
    private HackClubJson() {}

    static Map<String, Object> upload(FileRecord file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id());
        json.put("filename", file.filename());
        json.put("size", file.size());
        json.put("content_type", file.contentType());
        json.put("url", PublicUrls.of(file));
        json.put("created_at", file.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }

    static Map<String, Object> user(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", account.id());
        json.put("email", account.email());
        json.put("name", account.name());
        json.put("storage_used", account.storageUsed());
        json.put("storage_limit", account.storageLimit());
        json.put("quota_tier", account.tier().slug());
        return json;
    }

    /** A large upload: where each part goes (parts already received carry no URL). */
    static Map<String, Object> multipart(LargeUploads.Started started) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upload_id", started.session().id());
        json.put("filename", started.session().name());
        json.put("size", started.session().size());
        json.put("part_size", started.session().partSize());
        json.put(
                "expires_at",
                started.session().deadline().truncatedTo(ChronoUnit.SECONDS).toString());
        json.put(
                "parts",
                started.parts().stream()
                        .map(p -> {
                            Map<String, Object> part = new LinkedHashMap<>();
                            part.put("part_number", p.number());
                            part.put("size", p.size());
                            part.put("uploaded", p.uploaded());
                            if (p.url() != null) part.put("url", p.url());
                            return part;
                        })
                        .toList());
        return json;
    }
}
