package nimbus.shared.error;

/** What a failure is about. */
public enum Subject {
    ACCOUNT,
    KEY,
    ZONE,
    HOSTNAME,
    ALIAS,
    REFERRER,
    FILE,
    FOLDER,
    UPLOAD
}
