package org.drjenkins.engine.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Email over SMTP (Jakarta Mail): the subject is the template's title, the body its lines. Stakeholders and executives
 * get the lists configured for them; the on-call gets the addresses of the people the notice names. With
 * {@code starttls} the connection must be upgraded before anything else is sent (required, not just attempted), so the
 * password never crosses the network in clear. Failures carry the SMTP reply code as status (535: wrong credentials,
 * not retried; 4xx: try later) and never the password.
 */
public final class EmailChannel implements NoticeChannel {

    /**
     * @param host         the SMTP server
     * @param port         25, 587 (submission, usually with STARTTLS) ...
     * @param starttls     require STARTTLS before authenticating
     * @param username     {@code null} for a server without authentication
     * @param password     {@code null} for a server without authentication (a secret)
     * @param from         the sender address
     * @param stakeholders who gets the customer email
     * @param executives   who gets the executive updates
     */
    public record Smtp(String host, int port, boolean starttls, String username, String password, String from,
            List<String> stakeholders, List<String> executives) {
        public Smtp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            stakeholders = stakeholders == null ? List.of() : List.copyOf(stakeholders);
            executives = executives == null ? List.of() : List.copyOf(executives);
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + (starttls ? " starttls" : "") + (username == null ? "" : " as " + username) + "]";
        }
    }

    private final String name;
    private final Smtp smtp;
    private final Duration timeout;
    private final Set<Audience> audiences;

    public EmailChannel(String name, Smtp smtp, Duration timeout) {
        this.name = name == null || name.isBlank() ? "email" : name;
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.timeout = timeout;
        EnumSet<Audience> served = EnumSet.of(Audience.ON_CALL);
        if (!smtp.stakeholders().isEmpty()) {
            served.add(Audience.STAKEHOLDERS);
        }
        if (!smtp.executives().isEmpty()) {
            served.add(Audience.EXECUTIVES);
        }
        this.audiences = Set.copyOf(served);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Audience> audiences() {
        return audiences;
    }

    /** The on-call only when someone paged has an email address: chat and paging reach the others. */
    @Override
    public boolean serves(Notice notice) {
        return audiences.contains(notice.audience()) && !recipients(notice).isEmpty();
    }

    /** The addresses this notice goes to. */
    public List<String> recipients(Notice notice) {
        Set<String> to = new LinkedHashSet<>();
        switch (notice.audience()) {
            case STAKEHOLDERS -> to.addAll(smtp.stakeholders());
            case EXECUTIVES -> to.addAll(smtp.executives());
            case ON_CALL -> notice.to().stream().map(Contact::email).filter(e -> e != null && !e.isBlank()).forEach(to::add);
            case INCIDENTS -> {
            }
        }
        return List.copyOf(to);
    }

    /** An answer from the server (the SMTP reply code) is final unless it is 4xx (try later); no answer may be retried. */
    @Override
    public boolean retryable(Delivery failed) {
        return failed.status() == -1 || (failed.status() >= 400 && failed.status() < 500);
    }

    @Override
    public Delivery deliver(Notice notice) {
        long start = System.nanoTime();
        String where = "smtp://" + smtp.host() + ":" + smtp.port();
        List<String> recipients = recipients(notice);
        if (recipients.isEmpty()) {
            return new Delivery(name, false, 0, "no email address for " + notice.audience().name().toLowerCase(java.util.Locale.ROOT),
                    Duration.ZERO);
        }
        try {
            Session session = Session.getInstance(properties());
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from(), true));
            List<Address> to = new ArrayList<>();
            for (String address : recipients) {
                to.add(new InternetAddress(address, true));
            }
            message.setRecipients(Message.RecipientType.TO, to.toArray(Address[]::new));
            message.setSubject(NoticeText.title(notice), StandardCharsets.UTF_8.name());
            message.setText(NoticeText.text(notice) + "\n", StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setHeader("X-DR-Incident", notice.incidentId());
            if (notice.drill()) {
                message.setHeader("X-DR-Drill", "true");
            }
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
            return new Delivery(name, true, 250, "sent to " + recipients.size() + " recipient(s) via " + where, HttpPost.since(start));
        } catch (AuthenticationFailedException e) {
            return new Delivery(name, false, 535, "the SMTP server " + where + " refused the login of " + smtp.username()
                    + ": check the user name and the password (its value is not shown)", HttpPost.since(start));
        } catch (AddressException e) {
            return new Delivery(name, false, 0, "not an email address: " + scrub(e.getMessage()), HttpPost.since(start));
        } catch (SendFailedException e) {
            return new Delivery(name, false, replyCode(e), "the SMTP server " + where + " refused the message: "
                    + scrub(HttpPost.reason(e)), HttpPost.since(start));
        } catch (MessagingException | RuntimeException e) {
            return new Delivery(name, false, replyCode(e), "sending through " + where + " failed: " + scrub(reason(e)),
                    HttpPost.since(start));
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        String millis = Long.toString(timeout.toMillis());
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        return p;
    }

    /** The SMTP reply code when the server gave one, -1 when it never answered (connection refused, timeout). */
    private static int replyCode(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException failed) {
                return failed.getReturnCode();
            }
            if (t instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException failed) {
                return failed.getReturnCode();
            }
        }
        return -1;
    }

    /** The deepest cause's first line: Jakarta Mail wraps the telling one (connection refused, timed out). */
    private static String reason(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String top = HttpPost.reason(e);
        return deepest == e ? top : top + " (" + HttpPost.reason(deepest) + ")";
    }

    private String scrub(String text) {
        String safe = text == null ? "" : text;
        return smtp.password() == null || smtp.password().isEmpty() ? safe : safe.replace(smtp.password(), HttpPost.HIDDEN);
    }

    @Override
    public String toString() {
        return "EmailChannel[" + name + " " + smtp + " " + audiences + "]";
    }
}
