package nimbus.shared.files;

import java.util.List;
import java.util.Optional;

/**
 * A partial update of a file. A null field is left unchanged; an empty Optional clears it
 * ({@code folderId} empty moves the file to the root).
 */
public record FileChanges(Optional<String> folderId, Optional<String> description, List<String> tags) {}
