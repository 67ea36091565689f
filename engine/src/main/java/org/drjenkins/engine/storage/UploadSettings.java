package org.drjenkins.engine.storage;

/**
 * How {@link MultipartUploadStream} cuts and sends parts.
 *
 * @param initialPartSize the size of the first parts; later parts grow (see {@link PartSizes}). S3 refuses parts
 *                        under 5 MiB (except the last), so smaller values are refused here already
 * @param partsInFlight   parts uploading at once; heap use is about {@code (partsInFlight + 1) × part size}
 */
public record UploadSettings(long initialPartSize, int partsInFlight) {

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final UploadSettings DEFAULT = new UploadSettings(8L * 1024 * 1024, 4);

    public UploadSettings {
        if (initialPartSize < MIN_PART_SIZE || initialPartSize > PartSizes.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size must be between 5 MiB and 1 GiB, was " + initialPartSize);
        }
        if (partsInFlight < 1 || partsInFlight > 64) {
            throw new IllegalArgumentException("parts in flight must be between 1 and 64, was " + partsInFlight);
        }
    }
}
