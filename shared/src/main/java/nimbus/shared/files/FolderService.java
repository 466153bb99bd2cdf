package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import nimbus.shared.Ids;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;

/** Folders of an account's files zone: created, listed, renamed, and deleted only when empty. */
@Singleton
public class FolderService {
    private final FolderTable folders;
    private final ZoneService zones;

    public FolderService(FolderTable folders, ZoneService zones) {
        this.folders = folders;
        this.zones = zones;
    }

    public FolderRecord create(String accountId, String name) {
        FolderRecord folder = new FolderRecord(
                Ids.newId(),
                accountId,
                Zone.filesZoneId(accountId),
                validName(name),
                0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        folders.insert(folder);
        return folder;
    }

    /** The account's folder; another account's folder reads exactly like a missing one. */
    public FolderRecord require(String accountId, String id) {
        String normalized = Ids.normalize(id);
        if (!Ids.isUuid(normalized)) throw new NotFound(Subject.FOLDER);
        return folders.find(normalized)
                .filter(f -> f.accountId().equals(accountId))
                .orElseThrow(() -> new NotFound(Subject.FOLDER));
    }

    /** The account's folders, oldest first, with the exact total from the zone's counter. */
    public Page<FolderRecord> list(String accountId, int offset, int limit) {
        Zone zone = zones.filesZone(accountId);
        return new Page<>(folders.pageOfZone(zone.id(), offset, limit), zone.folderCount(), limit, offset);
    }

    public FolderRecord rename(String accountId, String id, String name) {
        String normalized = Ids.normalize(id);
        if (!Ids.isUuid(normalized)) throw new NotFound(Subject.FOLDER);
        String newName = validName(name);
        return folders.rename(accountId, normalized, newName).orElseThrow(() -> new NotFound(Subject.FOLDER));
    }

    /**
     * Deletes an empty folder; one that still holds files is a conflict. The write's condition checks
     * owner and emptiness at once, so the folder is read only to explain a refusal.
     */
    public void delete(String accountId, String id) {
        String normalized = Ids.normalize(id);
        if (!Ids.isUuid(normalized)) throw new NotFound(Subject.FOLDER);
        if (!folders.deleteIfEmpty(accountId, Zone.filesZoneId(accountId), normalized)) {
            throw Conflict.notEmpty(
                    Subject.FOLDER, require(accountId, normalized).fileCount());
        }
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) throw InvalidInput.missing("name");
        String trimmed = name.strip();
        if (trimmed.length() > FolderRecord.MAX_NAME) throw InvalidInput.tooLong("name", FolderRecord.MAX_NAME);
        if (trimmed.chars().anyMatch(Character::isISOControl)) throw InvalidInput.controlCharacters("name");
        return trimmed;
    }
}
