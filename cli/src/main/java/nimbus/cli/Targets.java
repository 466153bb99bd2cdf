package nimbus.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The large-upload endpoints of the dialects the tool speaks. */
final class Targets {
    private Targets() {}

    /** Hack Club v4: {@code /api/v4/uploads/multipart}; the complete answers the file as POST /api/v4/upload does. */
    static Uploader.Target hackClub(Api api, String apiUrl, String filename) {
        return new Uploader.Target() {
            @Override
            public String key() {
                return apiUrl + " hackclub " + filename;
            }

            @Override
            public Uploader.Session start(long size, String sha256) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("filename", filename);
                body.put("size", size);
                body.put("sha256", sha256);
                return Uploader.session(api.call("POST", "/api/v4/uploads/multipart", body));
            }

            @Override
            public Uploader.Session status(String uploadId) {
                return Uploader.session(api.call("GET", "/api/v4/uploads/multipart/" + encode(uploadId), null));
            }

            @Override
            public String complete(String uploadId) {
                return api.callRaw("POST", "/api/v4/uploads/multipart/" + encode(uploadId) + "/complete", null);
            }
        };
    }

    /** A KeyCDN push zone: {@code /zones/{id}/uploads.json}; the complete answers {@code data.file}. */
    static Uploader.Target keyCdnZone(Api api, String apiUrl, String zoneId, String path) {
        return new Uploader.Target() {
            @Override
            public String key() {
                return apiUrl + " keycdn " + zoneId + " " + path;
            }

            @Override
            public Uploader.Session start(long size, String sha256) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("path", path);
                body.put("size", size);
                body.put("sha256", sha256);
                return Uploader.session(upload(api.call("POST", "/zones/" + zoneId + "/uploads.json", body)));
            }

            @Override
            public Uploader.Session status(String uploadId) {
                return Uploader.session(
                        upload(api.call("GET", "/zones/" + zoneId + "/uploads/" + encode(uploadId) + ".json", null)));
            }

            @Override
            public String complete(String uploadId) {
                return api.callRaw(
                        "POST", "/zones/" + zoneId + "/uploads/" + encode(uploadId) + "/complete.json", null);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> upload(Map<String, Object> answer) {
        return (Map<String, Object>) ((Map<String, Object>) answer.get("data")).get("upload");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
