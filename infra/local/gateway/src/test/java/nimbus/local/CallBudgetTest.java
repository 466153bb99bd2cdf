package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nimbus.local.kit.Events;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.auth.KeyFormats;
import nimbus.shared.fetch.SafeFetcher;
import nimbus.shared.files.FileDetails;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.FolderService;
import nimbus.shared.files.LargeFileUploads;
import nimbus.shared.files.NewFile;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;
import nimbus.shared.zone.ReferrerService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneFiles;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The AWS calls one successful invocation of each function makes, as a budget per operation (see
 * docs/architecture.md, "AWS calls per operation"). Two situations per function:
 * <ul>
 *   <li><b>cold</b>: the key's first call in a fresh application context (a new Lambda container):
 *       the key cache is empty, so the key lookup GetItem is included;</li>
 *   <li><b>warm</b>: the same key's second call in that context (a key cache hit).</li>
 * </ul>
 * Calls are counted by an SDK {@link ExecutionInterceptor} once per SDK call ({@code beforeExecution},
 * so SDK retries do not change a count), named {@code Service.Operation}. Only the measured
 * invocation counts: the fixture (files, folders) is set up through the same context's services before
 * the recorder is cleared. Every function of template.yaml must have a budget; no call anywhere in
 * this test may be a Scan.
 *
 * <p>The recorder keeps each call's request too (what it touched: table, index, bucket, key), and the
 * runs are made once per JVM ({@link #run}): IamPolicyTest checks these same calls, and those of the
 * error paths it runs in a {@link Container} of its own, against each function's policy in template.yaml.
 */
class CallBudgetTest {

    // ---------------------------------------------------------------------------------------------
    // The budgets. One line per function of template.yaml; "xN" is a count, none means once.
    // Cold always has one DynamoDb.GetItem more than warm: the key lookup by the secret's SHA-256.
    // Aether adds the per-key rate-limit UpdateItem to every call.
    // ---------------------------------------------------------------------------------------------
    static final List<Budget> BUDGETS = List.of(
            // Hack Club v4                     key + account (quota), blob, file item + account counters
            budget(
                    "HackClubUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            // the sample event holds 2 files: one blob and one transaction per file
            budget(
                    "HackClubBatchUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject x2", "DynamoDb.TransactWriteItems x2"),
                    warm("DynamoDb.GetItem", "S3.PutObject x2", "DynamoDb.TransactWriteItems x2")),
            budget(
                    "HackClubUploadFromUrlFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            budget("HackClubMeFunction", cold("DynamoDb.GetItem x2"), warm("DynamoDb.GetItem")),
            // large files: key + account (quota), the S3 multipart upload, the UPLOAD# item (part URLs are signed
            // locally)
            budget(
                    "HackClubStartMultipartUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.CreateMultipartUpload", "DynamoDb.PutItem"),
                    warm("DynamoDb.GetItem", "S3.CreateMultipartUpload", "DynamoDb.PutItem")),
            // key + the UPLOAD# item, the parts S3 holds
            budget(
                    "HackClubMultipartUploadStatusFunction",
                    cold("DynamoDb.GetItem x2", "S3.ListParts"),
                    warm("DynamoDb.GetItem", "S3.ListParts")),
            // key + UPLOAD# item, parts, assemble, read once (size, SHA-256, type), account, file + counters, UPLOAD#
            // gone
            budget(
                    "HackClubCompleteMultipartUploadFunction",
                    cold(
                            "DynamoDb.GetItem x3",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "DynamoDb.DeleteItem"),
                    warm(
                            "DynamoDb.GetItem x2",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "DynamoDb.DeleteItem")),
            budget(
                    "HackClubAbortMultipartUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.AbortMultipartUpload", "DynamoDb.DeleteItem"),
                    warm("DynamoDb.GetItem", "S3.AbortMultipartUpload", "DynamoDb.DeleteItem")),
            // key + the file (old name for the extension rule), conditional rename
            budget(
                    "HackClubRenameFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            // key + the file (size for the counters), item + counters, then the blob
            budget(
                    "HackClubDeleteUploadFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.TransactWriteItems", "S3.DeleteObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.TransactWriteItems", "S3.DeleteObject")),
            // 2 ids: one BatchGetItem, one transaction, one multi-object delete
            budget(
                    "HackClubBatchDeleteFunction",
                    cold(
                            "DynamoDb.GetItem",
                            "DynamoDb.BatchGetItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObjects"),
                    warm("DynamoDb.BatchGetItem", "DynamoDb.TransactWriteItems", "S3.DeleteObjects")),
            // key + account (owner_email), revoke (returns the key's name); warm: see setup below
            budget(
                    "HackClubRevokeFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            // AetherCDN v1                     key, rate limit, then the operation
            budget(
                    "AetherListFilesFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "AetherUploadFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            budget(
                    "AetherStartUploadFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.CreateMultipartUpload", "DynamoDb.PutItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.CreateMultipartUpload", "DynamoDb.PutItem")),
            budget(
                    "AetherUploadStatusFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.ListParts"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.ListParts")),
            budget(
                    "AetherCompleteUploadFunction",
                    cold(
                            "DynamoDb.GetItem x3",
                            "DynamoDb.UpdateItem",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "DynamoDb.DeleteItem"),
                    warm(
                            "DynamoDb.GetItem x2",
                            "DynamoDb.UpdateItem",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "DynamoDb.DeleteItem")),
            budget(
                    "AetherAbortUploadFunction",
                    cold(
                            "DynamoDb.GetItem x2",
                            "DynamoDb.UpdateItem",
                            "S3.AbortMultipartUpload",
                            "DynamoDb.DeleteItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.AbortMultipartUpload", "DynamoDb.DeleteItem")),
            budget(
                    "AetherDownloadFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.GetObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.GetObject")),
            budget(
                    "AetherUpdateFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem x2")),
            budget(
                    "AetherDeleteFileFunction",
                    cold(
                            "DynamoDb.GetItem x2",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems", "S3.DeleteObject")),
            budget(
                    "AetherUserStatsFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "AetherListFoldersFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "AetherCreateFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            budget(
                    "AetherRenameFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem x2"),
                    warm("DynamoDb.UpdateItem x2")),
            budget(
                    "AetherDeleteFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            // KeyCDN     the source IP's failed-attempt count (451), key, rate limit, then the operation
            budget(
                    "KeyCdnListZonesFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            // the zone number (SEQ#zone), then the zone and its HOST# item in one transaction
            budget(
                    "KeyCdnAddZoneFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems")),
            budget(
                    "KeyCdnViewZoneFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem")),
            // the zone (owner), then one conditional UpdateItem of the fields given
            budget(
                    "KeyCdnEditZoneFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem x2"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2")),
            // the zone, its hostnames and the account's referrers (gsi1), then the zone, HOST#, ALIAS# and REFERRER#
            // items deleted in one transaction
            budget(
                    "KeyCdnDeleteZoneFunction",
                    cold(
                            "DynamoDb.GetItem x3",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.PutItem",
                            "Sqs.SendMessage",
                            "DynamoDb.Query x2",
                            "DynamoDb.TransactWriteItems"),
                    warm(
                            "DynamoDb.GetItem x2",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.PutItem",
                            "Sqs.SendMessage",
                            "DynamoDb.Query x2",
                            "DynamoDb.TransactWriteItems")),
            // the zone (owner); both rate windows (60 per 60 s, 1 purge a second); the PURGE# item, then its id queued
            budget(
                    "KeyCdnPurgeZoneFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage")),
            // as a zone purge: a URL of the zone's own hostname needs no lookup (an alias's is one GetItem)
            budget(
                    "KeyCdnPurgeZoneUrlsFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage")),
            budget(
                    "KeyCdnPurgeZoneTagsFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.PutItem", "Sqs.SendMessage")),
            // push zones: key (+ blocked-IP check when cold), rate limit, the zone, the account (quota), the upload
            budget(
                    "KeyCdnStartZoneUploadFunction",
                    cold("DynamoDb.GetItem x4", "DynamoDb.UpdateItem", "S3.CreateMultipartUpload", "DynamoDb.PutItem"),
                    warm("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "S3.CreateMultipartUpload", "DynamoDb.PutItem")),
            budget(
                    "KeyCdnZoneUploadStatusFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "S3.ListParts"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.ListParts")),
            // upload, zone, the path's record, account; assemble and read the staging object once; path + counters;
            // staging copied over the zone's object and deleted; the upload gone (a new path: no purge)
            budget(
                    "KeyCdnCompleteZoneUploadFunction",
                    cold(
                            "DynamoDb.GetItem x6",
                            "DynamoDb.UpdateItem",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "S3.CopyObject",
                            "S3.DeleteObject",
                            "DynamoDb.DeleteItem"),
                    warm(
                            "DynamoDb.GetItem x5",
                            "DynamoDb.UpdateItem",
                            "S3.ListParts",
                            "S3.CompleteMultipartUpload",
                            "S3.GetObject",
                            "DynamoDb.TransactWriteItems",
                            "S3.CopyObject",
                            "S3.DeleteObject",
                            "DynamoDb.DeleteItem")),
            budget(
                    "KeyCdnListZoneFilesFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            // zone, the path's record; record + counters; the object; the purge recorded and queued
            budget(
                    "KeyCdnDeleteZoneFileFunction",
                    cold(
                            "DynamoDb.GetItem x4",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObject",
                            "DynamoDb.PutItem",
                            "Sqs.SendMessage"),
                    warm(
                            "DynamoDb.GetItem x3",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObject",
                            "DynamoDb.PutItem",
                            "Sqs.SendMessage")),
            budget(
                    "KeyCdnListZoneAliasesFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            // the alias number (SEQ#alias), then the zone's counter, ALIAS# and HOST# items in one transaction
            budget(
                    "KeyCdnAddZoneAliasFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems")),
            // the alias (owner), then the ALIAS# item, old HOST# released and new claimed in one transaction
            budget(
                    "KeyCdnEditZoneAliasFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            // the alias (owner), then ALIAS#, HOST# and the zone's counter in one transaction
            budget(
                    "KeyCdnDeleteZoneAliasFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            budget(
                    "KeyCdnListZoneReferrersFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            // the referrer number (SEQ#referrer), then the zone's counter and the REFERRER# item in one transaction
            budget(
                    "KeyCdnAddZoneReferrerFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems")),
            // the referrer (owner), then the REFERRER# item in a transaction (with both zones' counters on a move)
            budget(
                    "KeyCdnEditZoneReferrerFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            // the referrer (owner), then REFERRER# and the zone's counter in one transaction
            budget(
                    "KeyCdnDeleteZoneReferrerFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            // reports without zone_id: traffic and status figures query the account's counters; ip (image processing)
            // needs no read; storage and credits read the account, credits its daily counters too
            budget(
                    "KeyCdnTrafficStatsFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "KeyCdnStorageStatsFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem")),
            budget(
                    "KeyCdnImageProcessingStatsFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            budget(
                    "KeyCdnStateStatsFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "KeyCdnCreditStatsFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "KeyCdnCreditBalanceFunction",
                    cold("DynamoDb.GetItem x3", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            // ResCDN                           key, rate limit, then the operation
            budget(
                    "ResCdnListZonesFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.Query")),
            // the zone number (SEQ#zone), then the zone and its HOST# item in one transaction
            budget(
                    "ResCdnCreateZoneFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.UpdateItem x2", "DynamoDb.TransactWriteItems")),
            budget(
                    "ResCdnGetZoneFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            // the key, the rate limit, and the month's daily counters of the account
            budget(
                    "ResCdnGetUsageFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.Query")),
            // the zone (owner and mode); the PURGE# item, then its id queued
            budget(
                    "ResCdnPurgeFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.PutItem", "Sqs.SendMessage"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.PutItem", "Sqs.SendMessage")));

    /**
     * What a successful call of a function needs beyond its sample event from events/ (which is used
     * as it is when a function has no entry here). The caller's key is put in afterwards.
     */
    static final Map<String, Setup> SETUPS = Map.ofEntries(
            Map.entry("HackClubUploadFromUrlFunction", (f, e) -> json(e, Map.of("url", sourceUrl()))),
            Map.entry(
                    "HackClubMultipartUploadStatusFunction",
                    (f, e) -> Events.withPathParameter(e, "upload_id", f.largeUpload(false))),
            Map.entry(
                    "HackClubCompleteMultipartUploadFunction",
                    (f, e) -> Events.withPathParameter(e, "upload_id", f.largeUpload(true))),
            Map.entry(
                    "HackClubAbortMultipartUploadFunction",
                    (f, e) -> Events.withPathParameter(e, "upload_id", f.largeUpload(false))),
            Map.entry("AetherUploadStatusFunction", (f, e) -> Events.withPathParameter(e, "id", f.largeUpload(false))),
            Map.entry("AetherCompleteUploadFunction", (f, e) -> Events.withPathParameter(e, "id", f.largeUpload(true))),
            Map.entry("AetherAbortUploadFunction", (f, e) -> Events.withPathParameter(e, "id", f.largeUpload(false))),
            Map.entry(
                    "HackClubRenameFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "HackClubDeleteUploadFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "HackClubBatchDeleteFunction",
                    (f, e) -> json(
                            e, Map.of("ids", List.of(f.file().id(), f.file().id())))),
            // The cold call revokes its key, so no second call with it can succeed. The warm call uses a
            // second key of the same account, put into this container's key cache before the call.
            Map.entry("HackClubRevokeFunction", (f, e) -> {
                if (f.warm) f.primeNewKey();
                return e;
            }),
            Map.entry("AetherListFilesFunction", (f, e) -> {
                f.file();
                return e;
            }),
            Map.entry(
                    "AetherDownloadFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "AetherUpdateFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "AetherDeleteFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry("AetherListFoldersFunction", (f, e) -> {
                f.folder();
                return e;
            }),
            Map.entry("AetherRenameFolderFunction", (f, e) -> Events.withPathParameter(e, "id", f.folder())),
            Map.entry("AetherDeleteFolderFunction", (f, e) -> Events.withPathParameter(e, "id", f.folder())),
            // KeyCDN's {id} segment is "<zone id>.json"; each call gets a new zone (a delete removes its own)
            Map.entry("KeyCdnListZonesFunction", (f, e) -> {
                f.zone();
                return e;
            }),
            Map.entry("KeyCdnViewZoneFunction", (f, e) -> Events.withPathParameter(e, "id", f.zone() + ".json")),
            Map.entry("KeyCdnEditZoneFunction", (f, e) -> Events.withPathParameter(e, "id", f.zone() + ".json")),
            Map.entry("KeyCdnDeleteZoneFunction", (f, e) -> Events.withPathParameter(e, "id", f.zone() + ".json")),
            Map.entry("KeyCdnPurgeZoneFunction", (f, e) -> Events.withPathParameter(e, "id", f.zone() + ".json")),
            Map.entry("KeyCdnPurgeZoneUrlsFunction", (f, e) -> {
                Zone zone = f.pullZone();
                return json(
                        Events.withPathParameter(e, "id", zone.id() + ".json"),
                        Map.of("urls", List.of(zone.hostname() + "/css/style.css", zone.hostname() + "/js/app.js")));
            }),
            Map.entry("KeyCdnStartZoneUploadFunction", (f, e) -> Events.withPathParameter(e, "id", f.pushZone())),
            Map.entry("KeyCdnZoneUploadStatusFunction", (f, e) -> {
                String zone = f.pushZone();
                return Events.withPathParameter(
                        Events.withPathParameter(e, "id", zone), "upload_id", f.pushUpload(zone, false) + ".json");
            }),
            Map.entry("KeyCdnCompleteZoneUploadFunction", (f, e) -> {
                String zone = f.pushZone();
                return Events.withPathParameter(
                        Events.withPathParameter(e, "id", zone), "upload_id", f.pushUpload(zone, true));
            }),
            Map.entry("KeyCdnListZoneFilesFunction", (f, e) -> Events.withPathParameter(e, "id", f.pushZone())),
            Map.entry("KeyCdnDeleteZoneFileFunction", (f, e) -> {
                String zone = f.pushZone();
                f.context.getBean(ZoneFiles.class).complete(f.account.id(), zone, f.pushUpload(zone, true));
                return Events.withPathParameter(e, "id", zone);
            }),
            Map.entry("KeyCdnPurgeZoneTagsFunction", (f, e) -> Events.withPathParameter(e, "id", f.zone() + ".json")),
            // aliases and referrers: a new zone (and alias or referrer) per call, and a hostname no call used yet
            Map.entry("KeyCdnListZoneAliasesFunction", (f, e) -> {
                f.alias();
                return e;
            }),
            Map.entry(
                    "KeyCdnAddZoneAliasFunction",
                    (f, e) -> json(e, Map.of("zone_id", f.zone(), "name", Fixture.hostname()))),
            Map.entry(
                    "KeyCdnEditZoneAliasFunction",
                    (f, e) -> json(
                            Events.withPathParameter(e, "id", f.alias() + ".json"),
                            Map.of("name", Fixture.hostname()))),
            Map.entry(
                    "KeyCdnDeleteZoneAliasFunction", (f, e) -> Events.withPathParameter(e, "id", f.alias() + ".json")),
            Map.entry("KeyCdnListZoneReferrersFunction", (f, e) -> {
                f.referrer();
                return e;
            }),
            Map.entry(
                    "KeyCdnAddZoneReferrerFunction",
                    (f, e) -> json(e, Map.of("zone_id", f.zone(), "name", "example.com"))),
            Map.entry(
                    "KeyCdnEditZoneReferrerFunction",
                    (f, e) -> json(
                            Events.withPathParameter(e, "id", f.referrer() + ".json"), Map.of("name", "example.net"))),
            Map.entry(
                    "KeyCdnDeleteZoneReferrerFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.referrer() + ".json")),
            // ResCDN: zone names are hostnames, unique across accounts, so each create gets a new one; ids are
            // "zone_" and the zone number in base 36
            Map.entry("ResCdnListZonesFunction", (f, e) -> {
                f.zone();
                return e;
            }),
            Map.entry(
                    "ResCdnCreateZoneFunction",
                    (f, e) -> json(e, Map.of("name", "budget-" + System.nanoTime(), "origin", "https://example.com"))),
            Map.entry(
                    "ResCdnGetZoneFunction",
                    (f, e) -> Events.withPathParameter(e, "id", "zone_" + Long.toString(Long.parseLong(f.zone()), 36))),
            Map.entry("ResCdnPurgeFunction", (f, e) -> {
                String zone = "zone_" + Long.toString(Long.parseLong(f.zone()), 36);
                e.setQueryStringParameters(Map.of("zone", zone, "path", "/assets/v2/reset.css"));
                e.setMultiValueQueryStringParameters(
                        Map.of("zone", List.of(zone), "path", List.of("/assets/v2/reset.css")));
                return e;
            }));

    // ---------------------------------------------------------------------------------------------

    /** Every call of every context this test makes, setup included: the no-Scan check reads it. */
    private static final List<String> EVERY_CALL = Collections.synchronizedList(new ArrayList<>());

    /**
     * The budget runs, once per JVM: IamPolicyTest checks these same calls against template.yaml, and
     * whichever of the two tests comes first makes them.
     */
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private static final byte[] SOURCE_BODY = "GIF89a-call-budget".getBytes(StandardCharsets.US_ASCII);
    private static HttpServer source;
    private static Map<String, String> eventFiles;

    private final Template template = Template.loadDefault();

    @TestFactory
    Stream<DynamicTest> everyFunctionStaysWithinItsBudget() {
        Map<String, Budget> budgets = BUDGETS.stream().collect(Collectors.toMap(Budget::function, b -> b));
        Stream<DynamicTest> perFunction = template.routes().stream()
                .map(route -> DynamicTest.dynamicTest(route.functionName(), () -> {
                    Budget budget = budgets.get(route.functionName());
                    assertNotNull(
                            budget,
                            "add a budget for " + route.functionName() + " (" + route.method() + " " + route.path()
                                    + ") to CallBudgetTest.BUDGETS and docs/architecture.md");
                    measure(route, budget);
                }));
        Stream<DynamicTest> noScan = Stream.of(DynamicTest.dynamicTest("no Scan on any request path", () -> {
            assertFalse(EVERY_CALL.isEmpty());
            assertFalse(
                    EVERY_CALL.stream().anyMatch(call -> call.endsWith(".Scan")),
                    "a Scan was made: "
                            + EVERY_CALL.stream()
                                    .filter(c -> c.endsWith(".Scan"))
                                    .toList());
        }));
        return Stream.concat(perFunction, noScan);
    }

    @Test
    void everyBudgetNamesAFunction() {
        Set<String> functions = new TreeSet<>(template.resourcesOfType("AWS::Serverless::Function"));
        Set<String> stale = new TreeSet<>(BUDGETS.stream().map(Budget::function).toList());
        stale.removeAll(functions);
        assertEquals(Set.of(), stale, "budgets for functions template.yaml no longer has");
        assertEquals(
                BUDGETS.size(),
                BUDGETS.stream().map(Budget::function).distinct().count(),
                "one budget per function");
        assertTrue(functions.containsAll(SETUPS.keySet()), "setups for functions template.yaml no longer has");
    }

    @Test
    void budgetsNeverContainAScan() {
        for (Budget budget : BUDGETS) {
            assertFalse(budget.cold.counts.keySet().stream().anyMatch(c -> c.endsWith(".Scan")), budget.function);
            assertFalse(budget.warm.counts.keySet().stream().anyMatch(c -> c.endsWith(".Scan")), budget.function);
        }
    }

    private static void measure(Template.Route route, Budget budget) throws Exception {
        Run run = run(route);
        Calls cold = run.cold().counts();
        Calls warm = run.warm().counts();
        String actual =
                "budget(\"%s\", %s, %s)".formatted(route.functionName(), cold.render("cold"), warm.render("warm"));
        System.out.println("[call budget] " + actual);
        assertEquals(budget.cold.counts, cold.counts, "cold call of " + route.functionName() + "; it makes: " + actual);
        assertEquals(budget.warm.counts, warm.counts, "warm call of " + route.functionName() + "; it makes: " + actual);
    }

    /** The key where the dialect's clients put it: Bearer (Hack Club), HTTP Basic user (KeyCDN), X-ResCDN-Key (ResCDN),
     * X-API-Key (Aether). */
    static APIGatewayProxyRequestEvent withCallerKey(APIGatewayProxyRequestEvent event, KeyFormat dialect, String key) {
        return switch (dialect.dialect()) {
            case "hackclub" -> Events.withKey(event, key);
            case "keycdn" ->
                Events.withHeader(
                        event,
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
            case "rescdn" -> Events.withHeader(event, "X-ResCDN-Key", key);
            default -> Events.withHeader(event, "X-API-Key", key);
        };
    }

    /** A function's budget run: its sample event (as {@link #SETUPS} has it), cold then warm, both successful. */
    static Run run(Template.Route route) throws Exception {
        Run done = RUNS.get(route.functionName());
        if (done != null) return done;
        try (Container container = new Container(route)) {
            Setup setup = setupOf(route.functionName());
            // the cold and the warm purge come within a second: the purge limit (1 a second) is lifted for them
            Map<String, String> settings = Map.of("NIMBUS_KEYCDN_PURGE_RATE_LIMIT", "100");
            Invocation cold = container.call(setup, settings).assertSucceeded();
            container.fixture.warm = true;
            Invocation warm = container.call(setup, settings).assertSucceeded();
            Run run = new Run(cold, warm);
            RUNS.put(route.functionName(), run);
            return run;
        }
    }

    /** What a successful call of {@code function} needs beyond its sample event (none: the event as it is). */
    static Setup setupOf(String function) {
        return SETUPS.getOrDefault(function, (f, e) -> e);
    }

    /** A fresh application context, as a new Lambda container has, with the recorder on every AWS client. */
    private static ApplicationContext newContainer(CallRecorder recorder) throws Exception {
        // A key cache that outlives a slow CI run (the default is 10 s): read once, when its bean is
        // built, so set only while the context starts. The fetcher may fetch from the loopback source.
        SafeFetcher loopback = new SafeFetcher(SafeFetcher.Policy.fromSettings().allowing("127.0.0.1/32"));
        return withSettings(Map.of("NIMBUS_KEY_CACHE_SECONDS", "3600"), () -> {
            ApplicationContext context = TestStack.contextWith(recorder, loopback);
            context.getBean(Authenticator.class);
            return context;
        });
    }

    /** Runs {@code action} with these settings (system properties, as Settings reads them) and restores them. */
    private static <T> T withSettings(Map<String, String> settings, Callable<T> action) throws Exception {
        Map<String, String> previous = new HashMap<>();
        settings.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            return action.call();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) System.clearProperty(name);
                else System.setProperty(name, value);
            });
        }
    }

    /** The event file (relative to events/) of a route. */
    static synchronized String eventFile(Template.Route route) {
        if (eventFiles == null) eventFiles = eventFiles();
        String file = eventFiles.get(route.method() + " " + route.path());
        assertNotNull(file, "an event in events/ for " + route);
        return file;
    }

    /** The event file (relative to events/) of each "METHOD /path". */
    private static Map<String, String> eventFiles() {
        JsonMapper json = JsonMapper.createDefault();
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(Events.directory())) {
            for (Path file :
                    walk.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<?, ?> event = json.readValue(Files.readAllBytes(file), Map.class);
                files.put(
                        event.get("httpMethod") + " " + event.get("resource"),
                        Events.directory().relativize(file).toString().replace('\\', '/'));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    static APIGatewayProxyRequestEvent json(APIGatewayProxyRequestEvent event, Object body) {
        return Events.withBody(event, "application/json", Json.write(body));
    }

    /** The URL of a small GIF on a loopback server, started on first use, for upload_from_url. */
    static synchronized String sourceUrl() throws IOException {
        if (source == null) {
            source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            source.createContext("/cat.gif", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/gif");
                exchange.sendResponseHeaders(200, SOURCE_BODY.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(SOURCE_BODY);
                }
            });
            source.start();
            HttpServer started = source;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(0)));
        }
        return "http://127.0.0.1:" + source.getAddress().getPort() + "/cat.gif";
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 300 ? String.valueOf(body) : body.substring(0, 300) + "…";
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * One function in a fresh application context (a new Lambda container), called by a new account
     * with one key of the function's dialect; the account's files and folders come from {@link #fixture}.
     */
    static final class Container implements AutoCloseable {
        final Template.Route route;
        final String eventFile;
        final CallRecorder recorder = new CallRecorder();
        final ApplicationContext context;
        final ApiFunction handler;
        final Fixture fixture;

        Container(Template.Route route) throws Exception {
            this.route = route;
            this.eventFile = eventFile(route);
            KeyFormat dialect = KeyFormats.find(
                            Path.of(eventFile).getParent().getFileName().toString())
                    .orElseThrow();
            this.context = newContainer(recorder);
            try {
                this.handler = (ApiFunction) Class.forName(route.handlerClass())
                        .getConstructor(ApplicationContext.class)
                        .newInstance(context);
                TestAccount account = TestStack.account(QuotaTier.UNVERIFIED, dialect, null);
                this.fixture = new Fixture(context, account, dialect, recorder);
            } catch (Exception | Error e) {
                context.close();
                throw e;
            }
        }

        /**
         * Calls the function once with its sample event as {@code setup} makes it, the caller's key put in,
         * with {@code settings} in force during the call. Only the call's own AWS calls are kept; a
         * presigned URL it answers with (a Location) counts as the GET it grants.
         */
        Invocation call(Setup setup, Map<String, String> settings) throws Exception {
            APIGatewayProxyRequestEvent event = setup.apply(fixture, Events.load(eventFile));
            APIGatewayProxyRequestEvent keyed = withCallerKey(event, fixture.dialect, fixture.key);
            recorder.clear();
            APIGatewayProxyResponseEvent response;
            try {
                response = withSettings(settings, () -> handler.handleRequest(keyed, null));
            } finally {
                recorder.hook(call -> {});
            }
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            headers.entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Location")
                            && h.getValue().contains("X-Amz-Signature="))
                    .forEach(h -> recorder.add(AwsCall.presignedGet(h.getValue(), Settings.assetsBucket())));
            return new Invocation(route.functionName(), fixture.warm ? "warm" : "cold", response, recorder.recorded());
        }

        /** SnapStart's priming, as before the snapshot: its calls. */
        List<AwsCall> prime() {
            recorder.clear();
            handler.prime();
            return recorder.recorded();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** One call of a function: what it answered and the AWS calls it made. */
    record Invocation(String function, String situation, APIGatewayProxyResponseEvent response, List<AwsCall> calls) {
        int status() {
            return response.getStatusCode();
        }

        /** The calls the function itself made, counted (a presigned URL is no call of its own). */
        Calls counts() {
            return Calls.of(calls.stream()
                    .filter(c -> !c.presigned())
                    .map(AwsCall::name)
                    .toList());
        }

        Invocation assertSucceeded() {
            assertTrue(status() >= 200 && status() < 300, this::toString);
            return this;
        }

        @Override
        public String toString() {
            return situation + " call of " + function + " answered " + status() + ": " + abbreviate(response.getBody())
                    + " (calls: " + calls + ")";
        }
    }

    /** A budget run: the cold call and the warm one. */
    record Run(Invocation cold, Invocation warm) {}

    /**
     * Records each SDK call once ({@code beforeExecution}, so SDK retries do not add to it) with its
     * request: {@link #calls()} names them {@code Service.Operation}, {@link #recorded()} keeps what they
     * touched (IamPolicyTest reads it). A {@link #hook} runs after a call is recorded and before it is
     * sent: a test stages a race or injects a fault there, at the SDK boundary.
     */
    static final class CallRecorder implements ExecutionInterceptor {
        private final List<AwsCall> calls = Collections.synchronizedList(new ArrayList<>());
        private volatile Consumer<AwsCall> hook = call -> {};

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            AwsCall call = new AwsCall(
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    context.request(),
                    false);
            add(call);
            hook.accept(call);
        }

        /** Runs {@code hook} on each call from now until the measured call ends; it may throw, as AWS may fail. */
        void hook(Consumer<AwsCall> hook) {
            this.hook = hook;
        }

        /** Adds a call the SDK does not make itself (the GET of a presigned URL). */
        void add(AwsCall call) {
            calls.add(call);
            EVERY_CALL.add(call.name());
        }

        void clear() {
            calls.clear();
        }

        List<String> calls() {
            return recorded().stream().map(AwsCall::name).toList();
        }

        List<AwsCall> recorded() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }

    /** What the setups build on: the container's context, the caller's account and key. */
    static final class Fixture {
        final ApplicationContext context;
        final TestAccount account;
        final KeyFormat dialect;
        final CallRecorder recorder;
        String key;
        boolean warm;

        Fixture(ApplicationContext context, TestAccount account, KeyFormat dialect, CallRecorder recorder) {
            this.context = context;
            this.account = account;
            this.dialect = dialect;
            this.recorder = recorder;
            this.key = account.key();
        }

        /** A stored file of the caller, with some bytes. */
        FileRecord file() {
            return fileIn(null);
        }

        /** A stored file of the caller in one of its folders ({@code null}: none), with some bytes. */
        FileRecord fileIn(String folderId) {
            return context.getBean(FileService.class)
                    .upload(
                            context.getBean(AccountService.class).require(account.id()),
                            new NewFile(
                                    "budget.bin",
                                    "application/octet-stream",
                                    "some bytes".getBytes(StandardCharsets.US_ASCII)),
                            new FileDetails(folderId, null, List.of()));
        }

        /** A large upload of the caller, its one part sent when {@code sent}; its id. */
        String largeUpload(boolean sent) {
            byte[] gif = "GIF89a-a-large-upload".getBytes(StandardCharsets.US_ASCII);
            var started = context.getBean(LargeFileUploads.class)
                    .start(account.id(), "budget.gif", gif.length, "image/gif", null, FileDetails.NONE);
            if (sent) {
                try {
                    var response = java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                    started.parts().get(0).url()))
                                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(gif))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding());
                    assertEquals(200, response.statusCode(), "part upload");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return started.session().id();
        }

        /** A new push zone of the caller; its id. */
        String pushZone() {
            return context.getBean(ZoneService.class)
                    .create(account.id(), "push" + (System.nanoTime() % 100000), ZoneKind.PUSH, null, Map.of())
                    .id();
        }

        /** An upload of /css/site.css into a push zone, its one part sent when {@code sent}; its id. */
        String pushUpload(String zoneId, boolean sent) {
            byte[] css = "body { color: #222 }".getBytes(StandardCharsets.US_ASCII);
            var started = context.getBean(ZoneFiles.class)
                    .start(account.id(), zoneId, "/css/site.css", css.length, "text/css", null);
            if (sent) putPart(started.parts().get(0).url(), css);
            return started.session().id();
        }

        private static void putPart(String url, byte[] bytes) {
            try {
                var response = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                assertEquals(200, response.statusCode(), "part upload");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A new (empty) folder of the caller; its id. */
        String folder() {
            return context.getBean(FolderService.class)
                    .create(account.id(), "Budget " + System.nanoTime())
                    .id();
        }

        /** A new pull zone of the caller; its id. */
        String zone() {
            return pullZone().id();
        }

        Zone pullZone() {
            return context.getBean(ZoneService.class)
                    .create(account.id(), "budget", ZoneKind.PULL, "https://example.com", Map.of());
        }

        /** A new alias (of a new zone) of the caller; its id. */
        String alias() {
            return context.getBean(ZoneService.class)
                    .addAlias(account.id(), zone(), hostname())
                    .id();
        }

        /** A new referrer (of a new zone) of the caller; its id. */
        String referrer() {
            return context.getBean(ReferrerService.class)
                    .add(account.id(), zone(), "example.com")
                    .id();
        }

        /** A hostname no account has claimed. */
        static String hostname() {
            return "budget-" + System.nanoTime() + ".example.com";
        }

        /** A new folder of the caller that holds one file; its id. */
        String folderWithAFile() {
            String folder = folder();
            fileIn(folder);
            return folder;
        }

        /** Switches to a new key of the same account that is already in this container's key cache. */
        void primeNewKey() {
            key = context.getBean(ApiKeyService.class)
                    .create(account.id(), dialect, null, "second")
                    .secret();
            context.getBean(Authenticator.class).authenticate(key, dialect);
        }
    }

    @FunctionalInterface
    interface Setup {
        APIGatewayProxyRequestEvent apply(Fixture fixture, APIGatewayProxyRequestEvent sample) throws Exception;
    }

    /** A multiset of calls, e.g. {@code {DynamoDb.GetItem=2, S3.PutObject=1}}. */
    record Calls(SortedMap<String, Integer> counts) {
        static Calls of(List<String> calls) {
            SortedMap<String, Integer> counts = new TreeMap<>();
            calls.forEach(c -> counts.merge(c, 1, Integer::sum));
            return new Calls(Collections.unmodifiableSortedMap(counts));
        }

        /** Parses the table's notation: {@code "DynamoDb.GetItem x2"}, {@code "S3.PutObject"}. */
        static Calls parse(String... entries) {
            SortedMap<String, Integer> counts = new TreeMap<>();
            for (String entry : entries) {
                String[] parts = entry.trim().split("\\s+x");
                if (parts.length > 2 || !parts[0].matches("\\w+\\.\\w+"))
                    throw new IllegalArgumentException("bad call: " + entry);
                int n = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
                if (n < 1 || counts.merge(parts[0], n, Integer::sum) != n)
                    throw new IllegalArgumentException("bad call: " + entry);
            }
            return new Calls(Collections.unmodifiableSortedMap(counts));
        }

        String render(String situation) {
            return situation + "("
                    + counts.entrySet().stream()
                            .map(e -> "\"" + e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "") + "\"")
                            .collect(Collectors.joining(", "))
                    + ")";
        }
    }

    record Budget(String function, Calls cold, Calls warm) {}

    static Budget budget(String function, Calls cold, Calls warm) {
        return new Budget(function, cold, warm);
    }

    static Calls cold(String... calls) {
        return Calls.parse(calls);
    }

    static Calls warm(String... calls) {
        return Calls.parse(calls);
    }
}
