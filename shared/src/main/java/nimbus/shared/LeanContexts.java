package nimbus.shared;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The application context every function builds: Lambda's, minus the work a cold start does not need. No environment
 * deduction (it probes for cloud providers) and no eager creation of every singleton (a function builds only the
 * clients its operation uses; SnapStart priming warms those before the snapshot). Not Micronaut's
 * LambdaApplicationContextBuilder: it marks every singleton eager, and that cannot be undone.
 */
public final class LeanContexts {
    private LeanContexts() {}

    public static ApplicationContextBuilder builder() {
        return ApplicationContext.builder()
                .environments("function", "lambda")
                .deduceEnvironment(false)
                // Settings come from the function's environment, read by nimbus.shared.Settings; no application.yml,
                // no bootstrap context, no environment-variable property source to build on every cold start
                .bootstrapEnvironment(false)
                .enableDefaultPropertySources(false)
                .environmentPropertySource(false)
                .banner(false);
    }
}
