package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class UploadPartSizesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    public void tenThousandDefaultPartsHoldMoreThanFiveTebibytesWithPartsWithinS3AndArrayLimits() {
        long total = 0;
        for (int part = 1; part <= PartSizes.MAX_PARTS; part++) {
            long size = PartSizes.sizeOf(part, UploadSettings.DEFAULT.initialPartSize());
            assertThat(size).isBetween(UploadSettings.MIN_PART_SIZE, 5L * 1024 * MIB);
            assertThat(size).isLessThan(Integer.MAX_VALUE);
            total += size;
        }
        assertThat(total).isGreaterThan(5L * 1024 * 1024 * MIB);
    }

    @Test
    public void smallObjectsUseTheInitialPartSize() {
        assertThat(PartSizes.sizeOf(1, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizes.sizeOf(500, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizes.sizeOf(501, 8 * MIB)).isEqualTo(16 * MIB);
        assertThat(PartSizes.sizeOf(10_000, 8 * MIB)).isEqualTo(PartSizes.MAX_PART_SIZE);
    }
}
