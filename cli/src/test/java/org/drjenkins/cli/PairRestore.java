package org.drjenkins.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;

/** Back to {@code a} the writable primary and {@code b} its streaming standby, whatever a failover test did. */
final class PairRestore {
    private PairRestore() {
    }

    static void restore(LocalCluster a, LocalCluster b) throws Exception {
        for (LocalCluster c : new LocalCluster[] {a, b}) {
            if (!c.isRunning()) {
                c.start();
            }
            allowConnections(c);
        }
        if (!b.inRecovery()) {
            if (a.inRecovery()) {
                // b was promoted and a follows it: make a primary again by promoting it and rewinding b.
                a.promote();
            }
            a.execute("postgres", "checkpoint");
            b.rewindFrom(a);
            b.start();
        }
        try (var c = PgConnections.open(a.url("postgres"), Optional.empty()); var st = c.createStatement()) {
            st.execute("set default_transaction_read_only = off");
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
    }

    /** A fence refuses connections to the cluster's databases and survives a restart; template1 stays open to undo it. */
    private static void allowConnections(LocalCluster cluster) throws Exception {
        try (var c = PgConnections.open(cluster.url("template1"), Optional.empty()); var st = c.createStatement()) {
            try (var rs = st.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            st.execute("set default_transaction_read_only = off");
            List<String> blocked = new ArrayList<>();
            try (var rs = st.executeQuery("select datname from pg_database where not datallowconn and datname <> 'template0'")) {
                while (rs.next()) {
                    blocked.add(rs.getString(1));
                }
            }
            for (String db : blocked) {
                st.execute("alter database \"" + db + "\" with allow_connections true");
            }
        }
    }
}
