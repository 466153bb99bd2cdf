package nimbus.shared.upload;

/**
 * How a large upload is cut into parts: at least 8 MiB each (S3 wants 5 MiB but the last), more for
 * big files so that no upload has more than {@value #MAX_PARTS} parts (one ListParts page answers them all).
 */
public final class PartPlan {
    public static final long MIN_PART_BYTES = 8L * 1024 * 1024;
    public static final int MAX_PARTS = 1000;
    private static final long MIB = 1024 * 1024;

    private PartPlan() {}

    public static long partSize(long size) {
        long spread = (size + MAX_PARTS - 1) / MAX_PARTS;
        long rounded = (spread + MIB - 1) / MIB * MIB;
        return Math.max(MIN_PART_BYTES, rounded);
    }

    public static int count(long size, long partSize) {
        return (int) Math.max(1, (size + partSize - 1) / partSize);
    }

    static long bytesOf(int number, long size, long partSize) {
        long first = (number - 1L) * partSize;
        return Math.max(0, Math.min(partSize, size - first));
    }
}
