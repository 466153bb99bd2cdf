package nimbus.shared.files;

import java.util.List;
import nimbus.shared.error.InvalidInput;

/** Where a file sits and what it says about itself: folder (null for the root), description, tags. */
public record FileDetails(String folderId, String description, List<String> tags) {
    public static final FileDetails NONE = new FileDetails(null, null, List.of());
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 50;

    public FileDetails {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    static void validate(FileDetails details) {
        if (details.description() != null && details.description().length() > MAX_DESCRIPTION) {
            throw InvalidInput.tooLong("description", MAX_DESCRIPTION);
        }
        if (details.tags().size() > MAX_TAGS)
            throw InvalidInput.tooMany("tags", MAX_TAGS, details.tags().size());
        for (String tag : details.tags()) {
            if (tag.isBlank()) throw InvalidInput.missing("tag");
            if (tag.length() > MAX_TAG_LENGTH) throw InvalidInput.tooLong("tag", MAX_TAG_LENGTH);
            if (tag.chars().anyMatch(Character::isISOControl)) throw InvalidInput.controlCharacters("tag");
        }
    }
}
