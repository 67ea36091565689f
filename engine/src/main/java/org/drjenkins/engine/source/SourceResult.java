package org.drjenkins.engine.source;

import java.time.Instant;
import java.util.Map;

/**
 * What a source captured besides its bytes.
 *
 * @param consistentAt the point in time the content is consistent with (the dump's snapshot, the end of a tar walk)
 * @param metadata     source-specific facts recorded in the manifest; for postgres: {@code serverVersion},
 *                     {@code database}, {@code databaseSizeBytes}, {@code walLsn} and {@code rowCounts}
 *                     (a map "schema.table" → count taken in the dump's snapshot); for directory: {@code entries}
 *                     (list of maps path/type/size/mode/linkTarget); for command: {@code command}, {@code exitCode}
 */
public record SourceResult(Instant consistentAt, Map<String, Object> metadata) {
}
