package org.drjenkins.engine.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;

/** Runs a component's SQL checks: each must return true (t, true or 1) in its first column. */
final class SqlChecks {

    private SqlChecks() {
    }

    static CheckResult run(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            String value = rs.next() ? rs.getString(1) : null;
            boolean ok = value != null && (value.equals("t") || value.equalsIgnoreCase("true") || value.equals("1"));
            return new CheckResult(sql, ok, ok ? "returned true" : "did not return true" + (value == null ? " (no row)" : " (" + value + ")"));
        } catch (SQLException e) {
            return new CheckResult(sql, false, "failed: " + e.getMessage().replaceAll("\\s+", " ").strip());
        }
    }
}
