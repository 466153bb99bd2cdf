package nimbus.aether;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nimbus.shared.files.FileDetails;
import nimbus.shared.http.ApiRequest;

/** A file's folder, description and tags as Aether's uploads send them: tags comma-separated or as a JSON list. */
final class FileFields {
    private FileFields() {}

    static FileDetails details(ApiRequest request) {
        List<String> tags = new ArrayList<>();
        for (Object value : request.params("tags")) {
            Arrays.stream(String.valueOf(value).split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty() && !tags.contains(t))
                    .forEach(tags::add);
        }
        return new FileDetails(
                request.param("folderId").filter(f -> !f.isBlank()).orElse(null),
                request.param("description").filter(d -> !d.isBlank()).orElse(null),
                tags);
    }
}
