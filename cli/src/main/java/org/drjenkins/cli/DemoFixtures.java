package org.drjenkins.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import org.drjenkins.engine.postgres.LocalCluster;

/** The sample system the demo protects: a small shop database, a config tree and a secrets dump. */
final class DemoFixtures {

    static final String DATABASE = "app";

    private DemoFixtures() {
    }

    static void createDatabase(LocalCluster cluster) throws SQLException {
        cluster.execute("postgres", "create database " + DATABASE);
        cluster.execute(DATABASE, """
                create table customers (id uuid primary key default gen_random_uuid(), email text not null unique,
                    name text not null, created_at timestamptz not null default now());
                create table orders (id bigserial primary key, customer_id uuid not null references customers,
                    amount numeric(12,2) not null, status text not null, placed_at timestamptz not null, details jsonb not null);
                insert into customers (email, name, created_at)
                    select 'user' || g || '@example.com', 'Customer ' || g, now() - make_interval(mins => g) from generate_series(1, 2000) g;
                insert into orders (customer_id, amount, status, placed_at, details)
                    select c.id, round((random() * 500)::numeric, 2), (array['new','paid','shipped'])[1 + (random() * 2)::int],
                           now() - make_interval(hours => (random() * 1000)::int),
                           jsonb_build_object('items', 1 + (random() * 4)::int, 'channel', 'web', 'note', md5(random()::text))
                    from customers c, generate_series(1, 5);
                """);
    }

    static Path createConfigTree(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("etc/ci-failure-agent"));
        Files.writeString(dir.resolve("agent.yaml"), "listen: 0.0.0.0:8000\nworkers: 4\nlog_level: info\n", StandardCharsets.UTF_8);
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Files.writeString(tls.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB(demo)\n-----END CERTIFICATE-----\n", StandardCharsets.UTF_8);
        Path hook = dir.resolve("pre-start.sh");
        Files.writeString(hook, "#!/bin/sh\necho starting\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("current.yaml"), Path.of("agent.yaml"));
        return dir;
    }

    /** Stands in for {@code kubectl get secrets -A -o json}, which needs a cluster the demo does not have. */
    static String secretsCommand() {
        return "printf '%s' '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"kind\":\"Secret\",\"metadata\":"
                + "{\"name\":\"db-credentials\",\"namespace\":\"production\"},\"data\":{\"password\":\"ZGVtby1vbmx5\"}}]}'";
    }
}
