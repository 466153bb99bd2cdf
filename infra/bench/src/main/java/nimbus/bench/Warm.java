package nimbus.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Warm invocations in this JVM: per operation a handler on its own started context with an
 * {@link AwsTimer} bean (every SDK client gets it), warm-up invocations, then timed ones, each
 * split into AWS time and the handler's own time (total minus AWS).
 */
final class Warm {
    record Result(Operation op, int warmup, long[] totalNanos, long[] awsNanos) {
        long[] ownNanos() {
            long[] own = new long[totalNanos.length];
            for (int i = 0; i < own.length; i++) own[i] = totalNanos[i] - awsNanos[i];
            return own;
        }
    }

    private final Fixture fixture;

    Warm(Fixture fixture) {
        this.fixture = fixture;
    }

    List<Result> run(List<Operation> ops, int defaultWarmup, int defaultIterations) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Operation op : ops) {
            int warmup = op.warmup() > 0 ? Math.min(op.warmup(), defaultWarmup) : defaultWarmup;
            int iterations = op.iterations() > 0 ? Math.min(op.iterations(), defaultIterations) : defaultIterations;
            AwsTimer timer = new AwsTimer();
            try (ApplicationContext context =
                    ApplicationContext.builder().singletons(timer).start()) {
                @SuppressWarnings("unchecked")
                RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                        (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                                Class.forName(op.handler())
                                        .getConstructor(ApplicationContext.class)
                                        .newInstance(context);
                APIGatewayProxyRequestEvent event = fixture.event(op);
                for (int i = 0; i < warmup; i++) check(op, handler.handleRequest(event, null));
                long[] total = new long[iterations];
                long[] aws = new long[iterations];
                for (int i = 0; i < iterations; i++) {
                    timer.take();
                    long started = System.nanoTime();
                    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
                    total[i] = System.nanoTime() - started;
                    aws[i] = timer.take();
                    check(op, response);
                }
                results.add(new Result(op, warmup, total, aws));
                System.err.printf("  warm | %s: %d warm-up + %d timed%n", op.name(), warmup, iterations);
            }
        }
        return results;
    }

    private static void check(Operation op, APIGatewayProxyResponseEvent response) {
        if (response.getStatusCode() != op.expectedStatus()) {
            throw new IllegalStateException(
                    op.name() + " answered " + response.getStatusCode() + ": " + response.getBody());
        }
    }
}
