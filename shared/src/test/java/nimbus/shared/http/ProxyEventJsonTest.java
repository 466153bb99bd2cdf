package nimbus.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy event survives its JSON form both ways: what the runtime hands a function is what the gateway sent. */
class ProxyEventJsonTest {

    @Test
    void anEventReadsBackFromItsJson() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource("/api/v4/upload")
                .withPath("/api/v4/upload")
                .withHttpMethod("POST")
                .withHeaders(Map.of("Authorization", "Bearer k", "X-Empty", ""))
                .withMultiValueHeaders(Map.of("Accept", List.of("a/b", "c/d")))
                .withQueryStringParameters(Map.of("q", "caf\u00e9 \"quoted\""))
                .withMultiValueQueryStringParameters(Map.of("q", List.of("1", "2")))
                .withPathParameters(Map.of("id", "01abc"))
                .withBody("AAEC/w==")
                .withIsBase64Encoded(true)
                .withRequestContext(new ProxyRequestContext()
                        .withRequestId("r-1")
                        .withResourcePath("/api/v4/upload")
                        .withHttpMethod("POST")
                        .withPath("/prod/api/v4/upload")
                        .withStage("prod")
                        .withAccountId("123456789012")
                        .withApiId("abc")
                        .withProtocol("HTTP/1.1")
                        .withIdentity(
                                new RequestIdentity().withSourceIp("192.0.2.1").withUserAgent("curl/8")));

        APIGatewayProxyRequestEvent read =
                ProxyEventJson.request(Json.parseObject(Json.write(ProxyEventJson.request(event))));

        assertEquals(event, read);
    }
}
