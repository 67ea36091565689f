package org.drjenkins.engine.assets;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.drjenkins.engine.config.HealthCheckSpec;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;

/**
 * Asks the CDN for one asset, so verification (and a drill run after a failover) shows the assets still answer. The
 * product measures CloudFront's origin failover this way; it does not drive it (an origin group switches by itself).
 */
public final class CdnCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private CdnCheck() {
    }

    /** One bounded GET; the detail never shows the URL's query string (it may hold a signed token). */
    public static CheckResult probe(HealthCheckSpec spec) {
        String name = "CDN answers: " + spec;
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(spec.url()).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean ok = response.statusCode() == spec.expectedStatus();
            return new CheckResult(name, ok, "HTTP " + response.statusCode() + " in " + millis + " ms"
                    + (ok ? "" : ", expected " + spec.expectedStatus()));
        } catch (IOException e) {
            return new CheckResult(name, false, "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(name, false, "interrupted");
        }
    }
}
