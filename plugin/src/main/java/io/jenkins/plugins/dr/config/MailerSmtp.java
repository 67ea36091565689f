package io.jenkins.plugins.dr.config;

import hudson.tasks.Mailer;
import hudson.tasks.SMTPAuthentication;
import hudson.util.Secret;
import java.util.Optional;

/**
 * The Mailer plugin's SMTP settings (Manage Jenkins &gt; System &gt; E-mail Notification), for an email channel that
 * names no server of its own. Mailer is an optional dependency: every reference to its classes stays in the nested
 * {@link Linked} class, loaded only after Mailer was found, so this plugin loads without it.
 */
public final class MailerSmtp {
    static final String MAILER_CLASS = "hudson.tasks.Mailer";

    private MailerSmtp() {
    }

    /**
     * What the channel takes from Mailer; the password stays in Mailer and is read only on use ({@link #password}).
     *
     * @param host     {@code null} when Mailer has no server either
     * @param port     as Mailer keeps it, {@code null} for its default
     * @param from     Mailer's system admin address, or {@code null}
     * @param username Mailer's SMTP login, or {@code null} for none
     */
    public record Settings(String host, String port, boolean starttls, String from, String username) {
    }

    /** Mailer's settings, empty when the Mailer plugin is not installed. */
    public static Optional<Settings> current() {
        return installed() ? Optional.of(Linked.settings()) : Optional.empty();
    }

    /** Mailer's SMTP password, when it has a login: read at the moment a step needs it, never kept. */
    public static Optional<Secret> password() {
        return installed() ? Optional.ofNullable(Linked.password()) : Optional.empty();
    }

    static boolean installed() {
        try {
            Class.forName(MAILER_CLASS, false, MailerSmtp.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The address in Mailer's "System Admin e-mail address" ({@code Name <a@example.com>} or {@code a@example.com}),
     * or {@code null} for its placeholder "address not configured yet &lt;nobody@nowhere&gt;".
     */
    static String address(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher angle = java.util.regex.Pattern.compile("<([^<>]+)>").matcher(text);
        String address = (angle.find() ? angle.group(1) : text).strip();
        return address.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+") ? address : null;
    }

    /** The only code that links against Mailer. */
    private static final class Linked {
        static Settings settings() {
            Mailer.DescriptorImpl mailer = Mailer.descriptor();
            SMTPAuthentication login = mailer.getAuthentication();
            return new Settings(Text.trimmed(mailer.getSmtpHost()), Text.trimmed(mailer.getSmtpPort()),
                    mailer.getUseTls(), address(mailer.getAdminAddress()),
                    login == null ? null : Text.trimmed(login.getUsername()));
        }

        static Secret password() {
            SMTPAuthentication login = Mailer.descriptor().getAuthentication();
            return login == null ? null : login.getPassword();
        }
    }
}
