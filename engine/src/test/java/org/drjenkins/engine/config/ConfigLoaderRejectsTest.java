package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * One mistake per configuration: each must give exactly one problem (no follow-on noise), under the right field, with a
 * message that says what is wrong. Regions are left out unless the case is about them: the defaults fill them in.
 */
@RunWith(Parameterized.class)
public class ConfigLoaderRejectsTest {

    private static final String KEY = "age192v2xg5mzaprgln8kshzdwuwc05q5lukmyk79gfd8je5aw9zugkqsy735s";

    private static final String TWO_REGIONS = "regions:\n"
            + "  - { name: us-east-1, role: primary, bucket: dr-use1 }\n";

    private static final String REGION = "regions:\n  - { name: us-east-1, role: primary, bucket: dr-use1, ";

    private static final String TWO_REGIONS_DB = REGION + "database: '";

    @Parameters(name = "{index}: {1}")
    public static List<Object[]> table() {
        return Arrays.asList(new Object[][] {
                // regions
                {"regions: []\n", "regions", "is empty; list the regions in failover order"},
                {"regions:\n", "regions", "is empty"},
                {"regions: us-east-1\n", "regions", "must be a list, not a text value"},
                {TWO_REGIONS + "  - { name: eu-west-1, role: backup, bucket: dr-euw1 }\n",
                        "regions[1].role", "\"backup\" is not a role; use one of primary, secondary, tertiary"},
                {TWO_REGIONS + "  - { name: eu-west-1, role: primary, bucket: dr-euw1 }\n",
                        "regions[1].role", "regions[0] is already the primary; exactly one region is primary"},
                {"regions:\n  - { name: us-east-1, role: secondary, bucket: dr-use1 }\n"
                        + "  - { name: eu-west-1, role: tertiary, bucket: dr-euw1 }\n",
                        "regions", "no region has role: primary"},
                {TWO_REGIONS + "  - { name: us-east-1, role: secondary, bucket: dr-euw1 }\n",
                        "regions[1].name", "\"us-east-1\" is already the name of regions[0]"},
                {TWO_REGIONS + "  - { name: eu-west-1, role: secondary, bucket: dr-use1 }\n",
                        "regions[1].bucket", "\"dr-use1\" is already the bucket of regions[0]"},
                {TWO_REGIONS + "  - { name: EU West, role: secondary, bucket: dr-euw1 }\n",
                        "regions[1].name", "\"EU West\" is not a region name"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: My_Bucket }\n",
                        "regions[0].bucket", "\"My_Bucket\" is not a valid S3 bucket name: it contains uppercase letters"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: ab }\n",
                        "regions[0].bucket", "it is 2 characters long; use 3-63 lowercase letters"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: -backups }\n",
                        "regions[0].bucket", "does not start and end with a letter or digit"},
                {"regions:\n  - { name: us-east-1, role: primary }\n",
                        "regions[0].bucket", "missing; add bucket:"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: dr-use1, endpoint: 'localhost:9000' }\n",
                        "regions[0].endpoint", "\"localhost:9000\" is not an http(s) URL with a host"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: dr-use1, endpoint: 'ftp://store' }\n",
                        "regions[0].endpoint", "is not an http(s) URL with a host; write it like http://127.0.0.1:9000"},
                {"regions:\n  - { name: us-east-1, role: primary, bucket: dr-use1, buckets: x }\n",
                        "regions[0].buckets", "unknown key; did you mean bucket?"},
                // regions: what failover needs
                {TWO_REGIONS_DB + "mysql://db/app' }\n",
                        "regions[0].database", "\"mysql://db/app\" does not start with postgresql:// or postgres://"},
                {TWO_REGIONS_DB + "postgresql://dr:pw@db/app' }\n",
                        "regions[0].database", "contains a password; remove it from the URL"},
                {TWO_REGIONS_DB + "postgresql://db1,db2/app' }\n",
                        "regions[0].database", "names several hosts; a region's database is one server"},
                {TWO_REGIONS_DB + "postgresql://db/app', dataDirectory: pgdata }\n",
                        "regions[0].dataDirectory", "\"pgdata\" is relative; use the absolute path"},
                {REGION + "dataDirectory: /var/lib/postgresql/15/main }\n",
                        "regions[0].dataDirectory", "is set but the region has no database"},
                {REGION + "healthChecks: { http: 'http://jenkins/' } }\n",
                        "regions[0].healthChecks", "must be a list of checks"},
                {REGION + "healthChecks: [ { status: 200 } ] }\n",
                        "regions[0].healthChecks[0]", "names no check; write one of"},
                {REGION + "healthChecks: [ { http: 'http://jenkins/', tcp: 'jenkins:443' } ] }\n",
                        "regions[0].healthChecks[0]", "has both http and tcp; write one check per entry"},
                {REGION + "healthChecks: [ { http: 'localhost:8080/health?token=abc' } ] }\n",
                        "regions[0].healthChecks[0].http", "is not an http(s) URL with a host"},
                {REGION + "healthChecks: [ { http: 'http://jenkins/', status: 999 } ] }\n",
                        "regions[0].healthChecks[0].status", "999 is not an HTTP status"},
                {REGION + "healthChecks: [ { tcp: 'db.internal' } ] }\n",
                        "regions[0].healthChecks[0].tcp", "\"db.internal\" is not host:port"},
                {REGION + "healthChecks: [ { tcp: 'db.internal:5432', status: 200 } ] }\n",
                        "regions[0].healthChecks[0].status", "is only for http checks"},
                {REGION + "healthChecks: [ { tcp: 'db.internal:5432', timeout: 0s } ] }\n",
                        "regions[0].healthChecks[0].timeout", "\"0s\" is zero"},
                {REGION + "healthChecks: [ { postgres: 'select 1' } ] }\n",
                        "regions[0].healthChecks[0].postgres", "runs on the region's database, but the region has none"},
                {REGION + "healthChecks: [ { htpp: 'http://jenkins/' } ] }\n",
                        "regions[0].healthChecks[0].htpp", "unknown key; did you mean http?"},
                {REGION + "dns: { recordName: db, value: 10.0.0.1 } }\n",
                        "regions[0].dns.provider", "missing; add provider: with one of route53, rfc2136, none"},
                {REGION + "dns: { provider: bind } }\n",
                        "regions[0].dns.provider", "\"bind\" is not a DNS provider"},
                {REGION + "dns: { provider: rfc2136, zone: dr.test, recordName: db, value: 10.0.0.1 } }\n",
                        "regions[0].dns.server", "is missing: the primary DNS server"},
                {REGION + "dns: { provider: rfc2136, zone: dr.test, recordName: db.example.com., server: ns1, value: 10.0.0.1 } }\n",
                        "regions[0].dns.recordName", "db.example.com. is not inside dns.zone dr.test."},
                {REGION + "dns: { provider: rfc2136, zone: dr.test, recordName: db, server: ns1, tsigSecret: c2VjcmV0 } }\n",
                        "regions[0].dns.tsigSecret", "is a secret"},
                {REGION + "dns: { provider: route53, hostedZoneId: Z1, recordName: db.example.com } }\n",
                        "regions[0].dns.value", "missing; add value:"},
                {REGION + "dns: { provider: route53, hostedZoneId: Z1, recordName: db.example.com, value: db.example.com } }\n",
                        "regions[0].dns.value", "\"db.example.com\" is not an IPv4 address"},
                {REGION + "dns: { provider: route53, recordName: db.example.com, value: 10.0.0.1 } }\n",
                        "regions[0].dns.hostedZoneId", "is missing"},
                {REGION + "dns: { provider: none, recrdName: db } }\n",
                        "regions[0].dns.recrdName", "unknown key; did you mean recordName?"},
                {REGION + "faultCommand: ' ' }\n",
                        "regions[0].faultCommand", "is blank"},
                {REGION + "rejoinCommand: [ a, b ] }\n",
                        "regions[0].rejoinCommand", "must be a single value, not a list"},
                {REGION + "databse: 'postgresql://db/app' }\n",
                        "regions[0].databse", "unknown key; did you mean database?"},
                // notifications
                {"notifications: []\n", "notifications", "must be a mapping like { service: ci-failure-agent"},
                {"notifications: { serivce: ci }\n", "notifications.serivce", "unknown key; did you mean service?"},
                {"notifications: { service: ' ' }\n", "notifications.service", "is blank"},
                {"notifications: { webhooks: { url: 'https://hooks.example.com/x' } }\n",
                        "notifications.webhooks", "must be a list like"},
                {"notifications: { webhooks: [ { name: incidents } ] }\n",
                        "notifications.webhooks[0]", "has no URL; add urlEnv:"},
                {"notifications: { webhooks: [ { url: 'https://hooks.example.com/x', urlEnv: HOOK } ] }\n",
                        "notifications.webhooks[0]", "has both url and urlEnv"},
                {"notifications: { webhooks: [ { url: 'ftp://hooks.example.com/T0K3N' } ] }\n",
                        "notifications.webhooks[0].url", "is not an http(s) URL with a host (not repeated here"},
                {"notifications: { webhooks: [ { urlEnv: 'https://hooks.example.com/x' } ] }\n",
                        "notifications.webhooks[0].urlEnv", "holds a URL, but urlEnv names the environment variable"},
                {"notifications: { webhooks: [ { urlEnv: HOOK, format: teams } ] }\n",
                        "notifications.webhooks[0].format", "\"teams\" is not a webhook format; use slack"},
                {"notifications: { webhooks: [ { name: a, urlEnv: HOOK }, { name: a, urlEnv: OTHER } ] }\n",
                        "notifications.webhooks[1].name", "\"a\" is already the name of notifications.webhooks[0]"},
                {"notifications: { webhooks: [ { name: a, urlEnv: HOOK, fromat: json } ] }\n",
                        "notifications.webhooks[0].fromat", "unknown key; did you mean format?"},
                // thresholds
                {"thresholds:\n  failoverThreshold: -5m\n",
                        "thresholds.failoverThreshold", "\"-5m\" is negative; use a positive duration such as 5m"},
                {"thresholds:\n  failoverThreshold: 0s\n",
                        "thresholds.failoverThreshold", "\"0s\" is zero; use a positive duration"},
                {"thresholds:\n  failoverThreshold: 5 minutes\n",
                        "thresholds.failoverThreshold", "\"5 minutes\" is not a duration; use a number with a unit"},
                {"thresholds:\n  failoverTreshold: 5m\n",
                        "thresholds.failoverTreshold", "unknown key; did you mean failoverThreshold?"},
                {"thresholds:\n  health_check_interval: 30s\n",
                        "thresholds.health_check_interval", "unknown key; did you mean healthCheckInterval?"},
                {"thresholds:\n  healthCheckInterval: 10m\n",
                        "thresholds.healthCheckInterval", "10m is not shorter than failoverThreshold 5m"},
                {"thresholds:\n  backupRetention: 12h\n",
                        "thresholds.backupRetention", "12h is shorter than 1d; keep backups at least a day"},
                {"thresholds: 5m\n", "thresholds", "must be a mapping of failoverThreshold"},
                // freshness
                {"freshness:\n  verificationMaxAge: -7d\n",
                        "freshness.verificationMaxAge", "\"-7d\" is negative; use a positive duration such as 7d"},
                {"freshness:\n  drillMaxAge: 30m\n",
                        "freshness.drillMaxAge", "30m is shorter than 1h; evidence would go stale between two runs (the plan uses 99d)"},
                {"freshness:\n  verificationGrace: soon\n",
                        "freshness.verificationGrace", "\"soon\" is not a duration; use a number with a unit"},
                {"freshness:\n  drilMaxAge: 90d\n",
                        "freshness.drilMaxAge", "unknown key; did you mean drillMaxAge?"},
                {"freshness: 7d\n", "freshness", "must be a mapping of verificationMaxAge, verificationGrace, drillMaxAge"},
                // targets
                {"targets:\n  database: { rto: 15m, rpo: -1m }\n",
                        "targets.database.rpo", "\"-1m\" is negative; use 0s (no data loss)"},
                {"targets:\n  database: { rto: 0s, rpo: 5m }\n",
                        "targets.database.rto", "\"0s\" is zero; use a positive duration such as 15m"},
                {"targets:\n  databse: { rto: 15m, rpo: 5m }\n",
                        "targets.databse", "unknown key; did you mean database?"},
                {"targets:\n  database: { rtoo: 15m }\n",
                        "targets.database.rtoo", "unknown key; did you mean rto?"},
                {"targets:\n  database: 15m\n", "targets.database", "must be a mapping like { rto: 15m, rpo: 5m }"},
                // components
                {"components:\n  My_DB: { type: directory, path: /srv }\n",
                        "components.My_DB", "\"My_DB\" cannot be a component name: it becomes the component's folder"},
                {"components:\n  database: { url: 'postgresql://app@db/app' }\n",
                        "components.database.type", "missing; add type: with one of postgres, directory, command"},
                {"components:\n  database: { type: mysql }\n",
                        "components.database.type", "\"mysql\" is not a component type; use one of postgres, directory, command"},
                {"components:\n  database: { type: postgres }\n",
                        "components.database.url", "missing; add url: postgresql://"},
                {"components:\n  database: { type: postgres, url: 'mysql://db/app' }\n",
                        "components.database.url", "\"mysql://db/app\" does not start with postgresql:// or postgres://"},
                {"components:\n  database: { type: postgres, url: 'postgresql://app@db.internal:5432' }\n",
                        "components.database.url", "names no database; add it after the host"},
                {"components:\n  database: { type: postgres, url: 'postgresql:///app' }\n",
                        "components.database.url", "\"postgresql:///app\" has no host"},
                {"components:\n  database: { type: postgres, url: 'postgresql://db:99999/app' }\n",
                        "components.database.url", "has port \"99999\", but a port is a number from 1 to 65535"},
                {"components:\n  database: { type: postgres, url: 'postgresql://u:pw@h/db' }\n",
                        "components.database.url", "contains a password; remove it from the URL"},
                {"components:\n  database: { type: postgres, url: 'postgresql://db/app', path: /var/lib/pg }\n",
                        "components.database.path", "is not used by a postgres component (path is only for directory and jenkins-home components)"},
                {"components:\n  database: { type: postgres, uri: 'postgresql://db/app' }\n",
                        "components.database.uri", "unknown key; did you mean url?"},
                {"components:\n  configuration: { type: directory, path: etc/app }\n",
                        "components.configuration.path", "\"etc/app\" is relative; use an absolute path"},
                {"components:\n  configuration: { type: directory, path: /etc/app, checks: [ 'select 1' ] }\n",
                        "components.configuration.checks", "is not used by a directory component"},
                {"components:\n  secrets: { type: command, command: '  ' }\n",
                        "components.secrets.command", "is blank; write the shell command"},
                {"components:\n  secrets: { type: command }\n",
                        "components.secrets.command", "missing; add the shell command"},
                {"components:\n  secrets: { type: command, command: ls, compression: lz4 }\n",
                        "components.secrets.compression", "\"lz4\" is not a compression; use one of zstd, gzip, none"},
                {"components:\n  secrets: { type: command, command: ls, level: 25 }\n",
                        "components.secrets.level", "25 is outside zstd's range; use a level from 1 to 19 (default 1)"},
                {"components:\n  secrets: { type: command, command: ls, compression: gzip, level: 12 }\n",
                        "components.secrets.level", "12 is outside gzip's range; use a level from 1 to 9"},
                {"components:\n  secrets: { type: command, command: ls, compression: none, level: 3 }\n",
                        "components.secrets.level", "compression none has no level"},
                {"components:\n  secrets: { type: command, command: ls, level: high }\n",
                        "components.secrets.level", "\"high\" is not a whole number"},
                {"components:\n  secrets: { type: command, command: ls, encrypt: maybe }\n",
                        "components.secrets.encrypt", "\"maybe\" is not true or false"},
                {"components:\n  secrets: { type: command, command: ls, allowEmpty: sometimes }\n",
                        "components.secrets.allowEmpty", "\"sometimes\" is not true or false"},
                {"components:\n  configuration: { type: directory, path: /etc/app, allowEmpty: true }\n",
                        "components.configuration.allowEmpty", "is not used by a directory component"},
                {"components:\n  database: { type: postgres, url: 'postgresql://db/app', checks: 'select 1' }\n",
                        "components.database.checks", "must be a list of SQL queries"},
                // age
                {"age:\n  recipients: [ age1abc ]\n",
                        "age.recipients[0]", "\"age1abc\" has 3 characters after age1 instead of 58"},
                {"age:\n  recipients: [ " + KEY.substring(0, KEY.length() - 1) + "q ]\n",
                        "age.recipients[0]", "has a wrong checksum"},
                {"age:\n  recipients: [ " + KEY.toUpperCase() + " ]\n",
                        "age.recipients[0]", "is uppercase; write age public keys in lowercase"},
                {"age:\n  recipients: [ ssh-ed25519 AAAAC3Nza ]\n",
                        "age.recipients[0]", "is not an age public key; recipients look like age1"},
                {"age:\n  recipient: [ " + KEY + " ]\n", "age.recipient", "unknown key; did you mean recipients?"},
                // the document
                {"regoins: []\n", "regoins", "unknown key; did you mean regions?"},
                {"backups: {}\n", "backups", "unknown key; allowed keys are regions, thresholds, targets, components, age"},
                {"thresholds:\n  failoverThreshold: 5m\n  failoverThreshold: 6m\n",
                        "", "key 'failoverThreshold' is written twice at line 3"},
        });
    }

    @Parameter(0)
    public String yaml;

    @Parameter(1)
    public String field;

    @Parameter(2)
    public String phrase;

    @Test
    public void reportsExactlyOneProblemAtTheFieldWithAMessageSayingWhy() {
        List<ConfigProblem> problems = ConfigLoader.problems(yaml);

        assertThat(problems).as("problems of:\n%s", yaml).hasSize(1);
        assertThat(problems.get(0).field()).isEqualTo(field);
        assertThat(problems.get(0).message()).contains(phrase);
    }
}
