package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.local.CallBudgetTest.CallRecorder;
import nimbus.local.CallBudgetTest.Calls;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TableStream;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.platform.EdgeConfigHandler;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.Test;

/**
 * The edge config publisher's AWS calls (a stream consumer, which CallBudgetTest and IamPolicyTest do not reach):
 * exact for one new zone and for a change of counters alone, and each allowed by its policy in template.yaml.
 */
class EdgeConfigBudgetTest {
    private static final String FUNCTION = "EdgeConfigFunction";

    @Test
    void aNewZoneIsOneReadTwoQueriesAndTwoDocumentsAndACounterChangeIsNothing() {
        String owner = TestStack.context()
                .getBean(AccountService.class)
                .create("edgebudget-" + System.nanoTime() + "@example.test", "Budget", QuotaTier.UNVERIFIED)
                .id();
        CallRecorder recorder = new CallRecorder();
        Map<String, List<AwsCall>> observed = new LinkedHashMap<>();
        try (TableStream stream = TableStream.open(LocalAws.shared().tableName());
                ApplicationContext context = TestStack.contextWith(recorder)) {
            EdgeConfigHandler handler = new EdgeConfigHandler(context);
            Zone zone = TestStack.context()
                    .getBean(ZoneService.class)
                    .create(owner, "budget", ZoneKind.PULL, "https://example.com", Map.of());
            recorder.clear();
            assertEquals(
                    List.of(),
                    handler.handleRequest(TableStream.event(stream.read()), null)
                            .getBatchItemFailures());
            // the zone (GetItem), its hostnames and the account's referrers (Query gsi1), its document and its host's
            assertEquals(
                    Calls.parse("DynamoDb.GetItem", "DynamoDb.Query x2", "S3.PutObject x2"),
                    Calls.of(recorder.calls()),
                    "a new zone");
            observed.put("new zone", recorder.recorded());

            TestStack.setZoneCounter(zone.id(), "fileCount", 3);
            recorder.clear();
            handler.handleRequest(TableStream.event(stream.read()), null);
            assertEquals(List.of(), recorder.calls(), "a counter change publishes nothing");

            TestStack.setZoneCounter(zone.id(), "fileCount", 0);
            TestStack.context().getBean(ZoneService.class).delete(owner, zone.id());
            recorder.clear();
            handler.handleRequest(TableStream.event(stream.read()), null);
            assertEquals(Calls.parse("DynamoDb.GetItem", "S3.DeleteObject x2"), Calls.of(recorder.calls()), "a delete");
            observed.put("deleted zone", recorder.recorded());
        }
        IamPolicies policies = IamPolicies.of(Template.loadDefault());
        Template.Route route = new Template.Route(FUNCTION, "STREAM", "Table", EdgeConfigHandler.class.getName());
        IamPolicyTest.Report report = IamPolicyTest.check(policies, route, observed);
        assertTrue(report.refusals().isEmpty(), report::failure);
    }
}
