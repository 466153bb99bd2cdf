package nimbus.shared.zone;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;

/**
 * Referrers of an account's zones: a hostname, or {@code *.} and a hostname (every host under it), at most
 * {@link #MAX_NAME} characters (the seed's limit), in lower case. Ids are numbers of the deployment-wide referrer
 * sequence. Referrers are not unique: the same name may be given twice. A zone holds at most
 * {@link ZoneService#MAX_REFERRERS}.
 */
@Singleton
public class ReferrerService {
    public static final int MAX_NAME = 46;

    private final ReferrerTable referrers;
    private final ZoneTable zones;

    public ReferrerService(ReferrerTable referrers, ZoneTable zones) {
        this.referrers = referrers;
        this.zones = zones;
    }

    /** A new referrer of the account's zone; a zone not the account's is not found (nothing is numbered first). */
    public Referrer add(String accountId, String zoneId, String name) {
        String valid = validName(name);
        if (zoneId == null || zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        Referrer referrer = new Referrer(
                Long.toString(zones.nextNumber("referrer")),
                zoneId,
                accountId,
                valid,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        referrers.create(referrer, ZoneService.MAX_REFERRERS);
        return referrer;
    }

    /** The account's referrer; another account's reads exactly like a missing one. */
    public Referrer require(String accountId, String referrerId) {
        if (referrerId == null || referrerId.length() > 64) throw new NotFound(Subject.REFERRER);
        return referrers
                .find(referrerId)
                .filter(r -> r.accountId().equals(accountId))
                .orElseThrow(() -> new NotFound(Subject.REFERRER));
    }

    /** The account's referrers, oldest first. */
    public List<Referrer> list(String accountId) {
        return referrers.listByAccount(accountId);
    }

    /** Changes the account's referrer: its name and zone (null: as they are). */
    public Referrer edit(String accountId, String referrerId, String zoneId, String name) {
        String valid = name == null ? null : validName(name);
        if (zoneId != null && zoneId.length() > 64) throw new NotFound(Subject.ZONE);
        Referrer before = require(accountId, referrerId);
        Referrer after = new Referrer(
                before.id(),
                zoneId == null ? before.zoneId() : zoneId,
                accountId,
                valid == null ? before.name() : valid,
                before.createdAt());
        referrers.update(before, after, ZoneService.MAX_REFERRERS);
        return after;
    }

    public void delete(String accountId, String referrerId) {
        referrers.delete(require(accountId, referrerId));
    }

    /** A hostname or a wildcard {@code *.<hostname>}, field "name". */
    static String validName(String name) {
        if (name != null && name.trim().startsWith("*.")) {
            String rest = name.trim().substring(2);
            if (rest.isBlank() || rest.startsWith(".")) throw InvalidInput.malformed("name");
            if (name.trim().length() > MAX_NAME) throw InvalidInput.tooLong("name", MAX_NAME);
            return "*." + ZoneService.validHostname(rest, "name", MAX_NAME - 2);
        }
        return ZoneService.validHostname(name, "name", MAX_NAME);
    }
}
