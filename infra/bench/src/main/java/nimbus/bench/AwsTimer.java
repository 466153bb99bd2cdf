package nimbus.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An SDK interceptor that adds up, per thread, the nanoseconds spent inside AWS calls (from
 * beforeExecution to afterExecution or onExecutionFailure: marshalling, signing, HTTP, unmarshalling),
 * so a handler's own time is the invocation's total minus {@link #take()}.
 */
final class AwsTimer implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("nimbus.bench.started");
    private final ThreadLocal<long[]> spent = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        stop(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        stop(attributes);
    }

    private void stop(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) spent.get()[0] += System.nanoTime() - started;
    }

    /** The AWS nanoseconds of this thread since the last call, and resets them. */
    long take() {
        long[] s = spent.get();
        long value = s[0];
        s[0] = 0;
        return value;
    }
}
