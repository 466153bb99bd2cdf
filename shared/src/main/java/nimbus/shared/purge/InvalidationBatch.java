package nimbus.shared.purge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One CloudFront invalidation: the purges it carries out and the paths it clears. {@code reference} is its
 * CallerReference, chosen once and stored before the call, so a call sent again (after a lost response, or by a
 * worker that died and was run again) is the same invalidation, never a second one.
 */
public record InvalidationBatch(String reference, List<String> purgeIds, List<String> paths) {
    /** CloudFront's limit of paths in one invalidation. */
    public static final int MAX_PATHS = 3000;
    /** CloudFront's limit of wildcard paths in progress; one batch never holds more. */
    public static final int MAX_WILDCARDS = 15;
    /** The paths of a batch are stored in one item before the call: this keeps it well inside DynamoDB's 400 KB. */
    public static final int MAX_BYTES = 300_000;

    public InvalidationBatch {
        purgeIds = List.copyOf(purgeIds);
        paths = List.copyOf(paths);
    }

    /**
     * Packs purges into as few batches as the limits allow, coalescing as it goes: a path already in the batch is not
     * added again, and a whole-zone purge (packed first) absorbs that zone's path purges in the same batch. A purge
     * goes whole into one batch (each purge fits an empty batch: see {@link PurgeService}'s limits). {@code references}
     * names each new batch.
     */
    public static List<InvalidationBatch> plan(List<Purge> purges, java.util.function.Supplier<String> references) {
        List<Purge> ordered = new ArrayList<>(purges);
        ordered.sort(Comparator.comparing((Purge p) -> !p.wholeZone()).thenComparing(Purge::createdAt));
        List<InvalidationBatch> batches = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        for (Purge purge : ordered) {
            List<String> added = purge.cdnPaths().stream()
                    .filter(p -> !paths.contains(p) && !paths.contains(Purge.zonePrefix(purge.zoneId()) + "*"))
                    .distinct()
                    .toList();
            if (!ids.isEmpty() && !fits(paths, added)) {
                batches.add(new InvalidationBatch(references.get(), ids, List.copyOf(paths)));
                ids = new ArrayList<>();
                paths.clear();
                added = purge.cdnPaths().stream().distinct().toList();
            }
            ids.add(purge.id());
            paths.addAll(added);
        }
        if (!ids.isEmpty()) batches.add(new InvalidationBatch(references.get(), ids, List.copyOf(paths)));
        return batches;
    }

    private static boolean fits(Set<String> paths, List<String> added) {
        return paths.size() + added.size() <= MAX_PATHS
                && wildcards(paths) + wildcards(added) <= MAX_WILDCARDS
                && bytes(paths) + bytes(added) <= MAX_BYTES;
    }

    static long wildcards(java.util.Collection<String> paths) {
        return paths.stream().filter(p -> p.endsWith("*")).count();
    }

    static long bytes(java.util.Collection<String> paths) {
        return paths.stream()
                .mapToLong(p -> p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .sum();
    }
}
