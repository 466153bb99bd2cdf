package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.local.CallBudgetTest.CallRecorder;
import nimbus.local.CallBudgetTest.Calls;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.platform.PurgeWorkerHandler;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.Test;

/**
 * The purge worker's AWS calls (it has no API route, so CallBudgetTest and IamPolicyTest do not reach it): exact for
 * one delivery of two purges, whatever the container's age, and each allowed by its policy in template.yaml, the
 * backoff of a throttled delivery included.
 */
class PurgeWorkerBudgetTest {
    private static final String FUNCTION = "PurgeWorkerFunction";

    private final Template template = Template.loadDefault();
    private final Template.Route route =
            new Template.Route(FUNCTION, "SQS", "PurgeQueue", nimbus.platform.PurgeWorkerHandler.class.getName());

    private static List<Purge> twoPurges() {
        ApplicationContext context = TestStack.context();
        String owner = context.getBean(AccountService.class)
                .create("budget-" + System.nanoTime() + "@example.test", "Budget", QuotaTier.UNVERIFIED)
                .id();
        Zone zone = context.getBean(ZoneService.class)
                .create(owner, "budget", ZoneKind.PULL, "https://example.com", Map.of());
        PurgeService purges = context.getBean(PurgeService.class);
        return List.of(purges.paths(zone, List.of("/a.css", "/b.js")), purges.wholeZone(zone));
    }

    private static SQSEvent delivery(List<Purge> purges) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Purge purge : purges) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + purge.id());
            m.setReceiptHandle("r-" + purge.id());
            m.setBody("{\"purge\":\"" + purge.id() + "\"}");
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Test
    void oneDeliveryIsOneReadOneTransactionOneInvalidationAndOneStatusWritePerPurge() {
        CallRecorder recorder = new CallRecorder();
        Map<String, List<AwsCall>> observed = new LinkedHashMap<>();
        try (ApplicationContext context = TestStack.contextWith(recorder)) {
            PurgeWorkerHandler worker = new PurgeWorkerHandler(context);
            for (String age : List.of("cold", "warm")) {
                List<Purge> purges = twoPurges();
                recorder.clear();
                SQSBatchResponse response = worker.handleRequest(delivery(purges), null);
                assertEquals(List.of(), response.getBatchItemFailures(), age);
                assertEquals(
                        Calls.parse(
                                "DynamoDb.BatchGetItem",
                                "DynamoDb.TransactWriteItems",
                                "CloudFront.CreateInvalidation",
                                "DynamoDb.UpdateItem x2"),
                        Calls.of(recorder.calls()),
                        age + " delivery");
                observed.put(age, recorder.recorded());
            }
        }
        Faults throttled = new Faults().inject("CreateInvalidation", Faults.Kind.REFUSED, 1, 1, "Throttling");
        try (ApplicationContext context = TestStack.contextWith(recorder, throttled)) {
            List<Purge> purges = twoPurges();
            recorder.clear();
            SQSBatchResponse response = new PurgeWorkerHandler(context).handleRequest(delivery(purges), null);
            assertEquals(2, response.getBatchItemFailures().size());
            // The refused CreateInvalidation is left out: whether the recorder sees it depends on the order the
            // interceptors run in (the fault may come first). The cold and warm runs above record it.
            assertEquals(
                    Calls.parse(
                            "DynamoDb.BatchGetItem", "DynamoDb.TransactWriteItems", "Sqs.ChangeMessageVisibility x2"),
                    Calls.of(recorder.calls().stream()
                            .filter(call -> !call.equals("CloudFront.CreateInvalidation"))
                            .toList()),
                    "a throttled delivery sets each message's backoff");
            observed.put("throttled", recorder.recorded());
        }
        IamPolicies policies = IamPolicies.of(
                Template.loadDefault().withParameterDefault("DistributionId", LocalAws.distributionId()));
        IamPolicyTest.Report report = IamPolicyTest.check(policies, route, observed);
        assertTrue(report.refusals().isEmpty(), report::failure);
        assertTrue(template.resourcesOfType("AWS::Serverless::Function").contains(FUNCTION));
    }
}
