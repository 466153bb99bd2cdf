package nimbus.shared.http;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The CRaC hooks Lambda SnapStart runs around the snapshot of an initialised function: prime the
 * request path before it, drop per-container caches after each restore. Registered once per
 * function instance; the function holds it strongly, since CRaC keeps only weak references.
 * Without a CRaC runtime (tests, the local gateway, a plain JVM) registering does nothing.
 */
final class SnapStartHooks implements Resource {
    private final ApiFunction function;

    SnapStartHooks(ApiFunction function) {
        this.function = function;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        function.prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        function.forgetCaches();
    }
}
