package nimbus.shared.edge;

import jakarta.inject.Singleton;
import nimbus.shared.Settings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the edge reads zone configuration: the edge config bucket ({@code NIMBUS_EDGE_CONFIG_BUCKET}). One small
 * document per hostname ({@code hosts/<hostname>.json}: which zone it belongs to) and one per zone
 * ({@code zones/<id>.json}: what the edge enforces), so a cold edge function reads two small objects for a host, never
 * one document of every zone.
 */
@Singleton
public class EdgeConfigStore {
    private final S3Client s3;

    public EdgeConfigStore(S3Client s3) {
        this.s3 = s3;
    }

    public static String hostKey(String hostname) {
        return "hosts/" + hostname + ".json";
    }

    public static String zoneKey(String zoneId) {
        return "zones/" + zoneId + ".json";
    }

    public void put(String key, byte[] json) {
        s3.putObject(
                p -> p.bucket(bucket()).key(key).contentType("application/json").cacheControl("no-cache"),
                RequestBody.fromBytes(json));
    }

    public void delete(String key) {
        s3.deleteObject(d -> d.bucket(bucket()).key(key));
    }

    private static String bucket() {
        return Settings.required("NIMBUS_EDGE_CONFIG_BUCKET");
    }
}
