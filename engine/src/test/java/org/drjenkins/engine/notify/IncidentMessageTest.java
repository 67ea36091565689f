package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class IncidentMessageTest {

    private static final Instant STARTED = Instant.parse("2024-01-15T14:30:42Z");

    @Test
    public void textIsThePlansTemplateInUtcToTheMinute() {
        IncidentMessage message = new IncidentMessage("Jenkins", "Primary region down", STARTED, IncidentStatus.INVESTIGATING,
                "~120 users affected / ~100% of traffic impacted", Instant.parse("2024-01-15T14:45:00Z"), List.of());

        assertThat(message.text()).isEqualTo("""
                Title: [INCIDENT] Jenkins - Primary region down
                Started: 2024-01-15 14:30 UTC
                Status: INVESTIGATING
                Impact: ~120 users affected / ~100% of traffic impacted
                Next Update: 14:45 UTC""");
    }

    @Test
    public void detailsFollowTheTemplateAfterABlankLine() {
        IncidentMessage message = new IncidentMessage("Jenkins", "Failover to eu-west-1", STARTED, IncidentStatus.MITIGATING,
                "~120 users affected / ~100% of traffic impacted", Instant.parse("2024-01-15T15:00:00Z"),
                List.of("standby promoted in 0.4 s", "DNS db.example.com now 10.0.0.2"));

        assertThat(message.text()).endsWith("""
                Status: MITIGATING
                Impact: ~120 users affected / ~100% of traffic impacted
                Next Update: 15:00 UTC

                - standby promoted in 0.4 s
                - DNS db.example.com now 10.0.0.2""");
    }

    @Test
    public void nextUpdateOnAnotherDayCarriesItsDateAndNoneIsSaid() {
        IncidentMessage lateNight = new IncidentMessage("Jenkins", "Outage", Instant.parse("2024-01-15T23:50:00Z"),
                IncidentStatus.MITIGATING, "~10 users affected / ~5% of traffic impacted", Instant.parse("2024-01-16T00:05:00Z"), null);

        assertThat(lateNight.text()).contains("Next Update: 2024-01-16 00:05 UTC");
        assertThat(lateNight.update(IncidentStatus.RESOLVED, null, List.of()).text())
                .contains("Status: RESOLVED").endsWith("Next Update: none");
    }

    @Test
    public void startedIsShownInUtcWhateverTheMachinesZone() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
            IncidentMessage message = new IncidentMessage("Jenkins", "x", STARTED, IncidentStatus.INVESTIGATING, null, null, List.of());

            assertThat(message.text()).contains("Started: 2024-01-15 14:30 UTC").contains("Impact: unknown");
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }
}
