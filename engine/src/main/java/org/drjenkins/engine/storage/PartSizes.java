package org.drjenkins.engine.storage;

/**
 * The size of each part of an upload whose length is not known in advance.
 *
 * <p>S3 allows at most 10,000 parts of at most 5 GiB each, and objects of at most 5 TiB. A fixed 8 MiB part would
 * cap an object at 78 GiB, while a large fixed part would waste memory on the many small backups. So the part size
 * doubles every {@value #PARTS_PER_STEP} parts up to {@link #MAX_PART_SIZE}: from 8 MiB, parts stay at 8 MiB for the
 * first 3.9 GiB, reach 1 GiB after part 3,500 (about 496 GiB written) and the remaining 6,500 parts carry another
 * 6.3 TiB, so 10,000 parts hold more than 5 TiB. 1 GiB also stays well under both S3's 5 GiB part limit and the
 * largest Java array.
 */
public final class PartSizes {

    public static final int MAX_PARTS = 10_000;
    public static final long MAX_PART_SIZE = 1024L * 1024 * 1024;
    static final int PARTS_PER_STEP = 500;

    private PartSizes() {
    }

    /** The size of part {@code partNumber} (1-based). */
    public static long sizeOf(int partNumber, long initialPartSize) {
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw new IllegalArgumentException("part number must be between 1 and 10000, was " + partNumber);
        }
        int doublings = (partNumber - 1) / PARTS_PER_STEP;
        long size = initialPartSize;
        for (int i = 0; i < doublings && size < MAX_PART_SIZE; i++) {
            size *= 2;
        }
        return Math.min(size, MAX_PART_SIZE);
    }
}
