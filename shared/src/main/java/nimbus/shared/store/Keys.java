package nimbus.shared.store;

/**
 * Every key of the single table, in one place (docs/data-model.md lists the same, with the access
 * pattern each serves). Base items are {@code pk} + {@code sk}; listings go through the generic
 * GSIs {@code gsi1} ({@code gsi1pk}/{@code gsi1sk}) and the sparse {@code gsi2}.
 */
public final class Keys {
    private Keys() {}

    public static final String ACCOUNT_SK = "ACCOUNT";
    public static final String EMAIL_SK = "EMAIL";
    public static final String KEY_SK = "KEY";
    public static final String ZONE_SK = "ZONE";
    public static final String HOST_SK = "HOST";
    public static final String SEQUENCE_SK = "SEQ";
    public static final String FILE_SK = "FILE";
    public static final String FOLDER_SK = "FOLDER";
    public static final String RATE_SK = "RL";
    public static final String ALIAS_SK = "ALIAS";
    public static final String REFERRER_SK = "REFERRER";
    public static final String PURGE_SK = "PURGE";
    public static final String INVALIDATION_SK = "INVALIDATION";
    public static final String UPLOAD_SK = "UPLOAD";
    /** Under an upload's pk: the push-zone file a completed upload wrote (a retried complete answers it). */
    public static final String UPLOAD_RESULT_SK = "ZONEFILE";

    public static String account(String accountId) {
        return "ACCT#" + accountId;
    }

    public static String email(String normalizedEmail) {
        return "EMAIL#" + normalizedEmail;
    }

    public static String apiKey(String secretHash) {
        return "KEY#" + secretHash;
    }

    public static String zone(String zoneId) {
        return "ZONE#" + zoneId;
    }

    /** A hostname (zone host or alias), unique across all accounts. */
    public static String host(String hostname) {
        return "HOST#" + hostname;
    }

    /** A zone alias by its number; its hostname is claimed by a {@link #host} item that names it. */
    public static String alias(String aliasId) {
        return "ALIAS#" + aliasId;
    }

    /** A zone referrer by its number. */
    public static String referrer(String referrerId) {
        return "REFERRER#" + referrerId;
    }

    /** A deployment-wide counter that hands out numbers ("zone", "alias", "referrer": their ids). */
    public static String sequence(String name) {
        return "SEQ#" + name;
    }

    /** A large upload in progress (presigned multipart); its id is also the id of what it becomes. */
    public static String upload(String uploadId) {
        return "UPLOAD#" + uploadId;
    }

    public static String file(String fileId) {
        return "FILE#" + fileId;
    }

    /**
     * A push zone's files, one item per path: the sort key is the path itself (at most 1024 bytes, DynamoDB's limit
     * for a sort key). Not under {@code ZONE#<zoneId>}: the table's stream hands {@code ZONE#} items to the edge config
     * publisher, which would republish the zone's document for every file written or deleted.
     */
    public static String zoneFile(String zoneId) {
        return "ZONEFILE#" + zoneId;
    }

    public static String folder(String folderId) {
        return "FOLDER#" + folderId;
    }

    public static String purge(String purgeId) {
        return "PURGE#" + purgeId;
    }

    /** A CDN invalidation by its CallerReference: the purges it carries and the paths it clears. */
    public static String invalidation(String reference) {
        return "INVALIDATION#" + reference;
    }

    /** Delivery counters of a zone (access logs), one item per hour ({@code H#}) and per day ({@code D#}). */
    public static String zoneUsage(String zoneId) {
        return "USAGE#ZONE#" + zoneId;
    }

    /** Delivery counters of an account, all its zones together, per hour and per day. */
    public static String accountUsage(String accountId) {
        return "USAGE#ACCT#" + accountId;
    }

    /** Sort key of a usage counter: the interval's first second, zero-padded so the keys sort by time. */
    public static String usageInterval(String intervalLetter, long epochSecond) {
        return intervalLetter + "#" + String.format("%011d", epochSecond);
    }

    /** One counted part of an access log object: its counts are in the table once, whatever the deliveries. */
    public static String countedLog(String bucketAndKey) {
        return "LOGCOUNTED#" + bucketAndKey;
    }

    public static String rateWindow(String subject, long windowStart) {
        return "RL#" + subject + "#" + windowStart;
    }

    /** gsi1: an account's keys, newest first. */
    public static String accountKeys(String accountId) {
        return "ACCT#" + accountId + "#KEYS";
    }

    /** gsi1: an account's zones, in creation order. */
    public static String accountZones(String accountId) {
        return "ACCT#" + accountId + "#ZONES";
    }

    /** gsi1: an account's zone aliases, in creation order. */
    public static String accountAliases(String accountId) {
        return "ACCT#" + accountId + "#ALIASES";
    }

    /** gsi1: an account's zone referrers, in creation order. */
    public static String accountReferrers(String accountId) {
        return "ACCT#" + accountId + "#REFERRERS";
    }

    /** gsi1: a zone's files, in creation order. */
    public static String zoneFiles(String zoneId) {
        return "ZONE#" + zoneId + "#FILES";
    }

    /** gsi1: a zone's folders, in creation order. */
    public static String zoneFolders(String zoneId) {
        return "ZONE#" + zoneId + "#FOLDERS";
    }

    /** gsi1: the hostnames (zone host and aliases) that point at a zone. */
    public static String zoneHosts(String zoneId) {
        return "ZONE#" + zoneId + "#HOSTS";
    }

    /** gsi1: a zone's purges, in the order they were asked for. */
    public static String zonePurges(String zoneId) {
        return "ZONE#" + zoneId + "#PURGES";
    }

    /** gsi2: a folder's files, in creation order. */
    public static String folderFiles(String folderId) {
        return "FOLDER#" + folderId + "#FILES";
    }
}
