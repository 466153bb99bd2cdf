package nimbus.local;

import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the local event sources (SQS, DynamoDB streams) share: one polling thread per mapping, the function's handler
 * built on its first batch in a context of its own (a cold start, as Lambda's), and a close that stops the threads
 * and then closes those contexts.
 */
final class EventSourceThreads implements AutoCloseable {
    private final Function<String, ApplicationContext> contexts;
    private final List<Thread> threads = new ArrayList<>();
    private final List<ApplicationContext> started = new ArrayList<>();
    private volatile boolean closed;

    EventSourceThreads(Function<String, ApplicationContext> contexts) {
        this.contexts = contexts;
    }

    void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    boolean closed() {
        return closed;
    }

    /** A new handler of {@code handlerClass} for function {@code functionName}, in a context of its own. */
    @SuppressWarnings("unchecked")
    <H> H coldStart(String functionName, String handlerClass) throws ReflectiveOperationException {
        ApplicationContext context = contexts.apply(functionName);
        synchronized (started) {
            started.add(context);
        }
        return (H) Class.forName(handlerClass)
                .getConstructor(ApplicationContext.class)
                .newInstance(context);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread thread : threads) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (started) {
            started.forEach(ApplicationContext::close);
        }
    }
}
