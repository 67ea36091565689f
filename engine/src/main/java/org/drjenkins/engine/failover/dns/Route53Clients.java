package org.drjenkins.engine.failover.dns;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;

/**
 * The one way the failover builds its Route 53 client, for record switches and health checks alike, so that
 * {@code dns.endpoint} (a VPC or FIPS endpoint, a test's) reaches every Route 53 call it makes, bounded in time.
 */
final class Route53Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private Route53Clients() {
    }

    /**
     * @param region           {@link Region#AWS_GLOBAL} for AWS (Route 53 is global, signed for us-east-1); any for tests
     * @param endpointOverride a Route 53-compatible endpoint ({@code dns.endpoint}); empty for AWS's own
     */
    static Route53Client build(AwsCredentialsProvider credentials, Region region, Optional<URI> endpointOverride) {
        // AWS's own endpoint rules sign aws-global requests for us-east-1, but with an endpoint override the SDK signs
        // for the region name itself; Route 53 (and anything speaking its API) only accepts us-east-1.
        Region signingRegion = endpointOverride.isPresent() && Region.AWS_GLOBAL.equals(region) ? Region.US_EAST_1 : region;
        Route53ClientBuilder builder = Route53Client.builder()
                .region(signingRegion)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
