package nimbus.shared.zone;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.files.BlobStore;
import nimbus.shared.files.Page;
import nimbus.shared.purge.PurgeService;

/**
 * The files of push zones: listed in path order, a page at a time, and deleted with their counters, their object
 * and a purge of their path. Only the caller's push zones hold files: another account's zone reads as missing, a
 * pull zone is refused (field "zone", value "pull": it takes no content).
 */
@Singleton
public class ZoneFiles {
    /** Files in one page of a listing. */
    public static final int PAGE_SIZE = 1000;

    private final ZoneService zones;
    private final ZoneFileTable files;
    private final Provider<BlobStore> blobs;
    private final Provider<PurgeService> purges;

    public ZoneFiles(ZoneService zones, ZoneFileTable files, Provider<BlobStore> blobs, Provider<PurgeService> purges) {
        this.zones = zones;
        this.files = files;
        this.blobs = blobs;
        this.purges = purges;
    }

    /** The caller's push zone; a pull zone is refused as taking no content, any other id is not found. */
    public Zone requirePush(String accountId, String zoneId) {
        Zone zone = zones.require(accountId, zoneId);
        if (zone.kind() == ZoneKind.PULL) throw InvalidInput.notAllowed("zone", ZoneKind.PULL.slug());
        if (zone.kind() != ZoneKind.PUSH) throw new NotFound(Subject.ZONE);
        return zone;
    }

    /** Page {@code page} (from 1) of the zone's files in path order; the total is the zone's file counter. */
    public Page<ZoneFile> list(String accountId, String zoneId, int page) {
        if (page < 1 || page > Integer.MAX_VALUE / PAGE_SIZE) throw InvalidInput.malformed("page");
        Zone zone = requirePush(accountId, zoneId);
        int offset = (page - 1) * PAGE_SIZE;
        return new Page<>(files.page(zone.id(), offset, PAGE_SIZE), zone.fileCount(), PAGE_SIZE, offset);
    }

    /**
     * Deletes the file at {@code path}: the item and the counters in one transaction, then its object, then a purge
     * of the path is queued. A path that holds no file is not found (Subject.FILE).
     */
    public ZoneFile delete(String accountId, String zoneId, String path) {
        Zone zone = requirePush(accountId, zoneId);
        String normalized = ZonePaths.normalize(zone.id(), path);
        ZoneFile file = files.find(zone.id(), normalized, true).orElseThrow(() -> new NotFound(Subject.FILE));
        if (!files.delete(file)) throw new NotFound(Subject.FILE);
        blobs.get().deleteQuietly(file.objectKey());
        purges.get().paths(zone, List.of(normalized));
        return file;
    }
}
