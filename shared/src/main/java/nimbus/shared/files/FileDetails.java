package nimbus.shared.files;

import java.util.List;

/** Where a file sits and what it says about itself: folder (null for the root), description, tags. */
public record FileDetails(String folderId, String description, List<String> tags) {
    public static final FileDetails NONE = new FileDetails(null, null, List.of());
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 50;

    public FileDetails {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
