package nimbus.shared.files;

import java.util.List;

/** One page of an offset-paginated listing, with the exact total. */
public record Page<T>(List<T> items, long total, int limit, int offset) {}
