package nimbus.shared.fetch;

import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nimbus.shared.error.FetchFailed;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The only resolver the fetcher's HTTP client uses, one per fetch. It resolves a host once, checks every
 * address against the rules, and from then on answers with exactly that checked set: the socket connects
 * to an address that was validated, and a second DNS answer (rebinding) is never asked for.
 */
final class ValidatingResolver implements DnsResolver {

    /** InetAddress lookups cannot be given a timeout, so they run here and are waited on with one. */
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "nimbus-fetch-dns");
        thread.setDaemon(true);
        return thread;
    });

    private final AddressRules rules;
    private final long deadlineNanos;
    private final Map<String, InetAddress[]> validated = new ConcurrentHashMap<>();

    ValidatingResolver(AddressRules rules, long deadlineNanos) {
        this.rules = rules;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Resolves and checks a host (a DNS name or a canonical IP literal, as {@link TargetUrl} gives it).
     *
     * @throws FetchFailed if the host does not resolve, resolves to any disallowed address, or the
     *     deadline passes first
     */
    InetAddress[] validate(String host) {
        return validated.computeIfAbsent(host, this::lookUpAndCheck).clone();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            return validate(host);
        } catch (FetchFailed refusal) {
            throw new Refused(refusal);
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host; // never a reverse lookup
    }

    private InetAddress[] lookUpAndCheck(String host) {
        IPAddress literal =
                host.indexOf(':') >= 0 ? AddressRules.parseIPv6Literal(host) : AddressRules.parseIPv4Literal(host);
        InetAddress[] addresses = literal != null ? new InetAddress[] {literal.toInetAddress()} : lookUp(host);
        if (addresses.length == 0) throw new FetchFailed(FetchFailed.Reason.UNRESOLVABLE_HOST);
        for (InetAddress address : addresses) {
            if (!rules.permits(address)) throw new FetchFailed(FetchFailed.Reason.ADDRESS_NOT_ALLOWED);
        }
        return addresses;
    }

    private InetAddress[] lookUp(String host) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) throw SafeFetcher.timedOut();
        Future<InetAddress[]> lookup = LOOKUPS.submit(() -> InetAddress.getAllByName(host));
        try {
            return lookup.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw SafeFetcher.timedOut();
        } catch (ExecutionException e) {
            throw new FetchFailed(FetchFailed.Reason.UNRESOLVABLE_HOST);
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchFailed(FetchFailed.Reason.INTERRUPTED);
        }
    }

    /** Carries a refusal through HttpClient, whose resolver contract only allows UnknownHostException. */
    static final class Refused extends UnknownHostException {
        private final transient FetchFailed reason;

        Refused(FetchFailed reason) {
            super(reason.getMessage());
            this.reason = reason;
        }

        FetchFailed reason() {
            return reason;
        }
    }
}
