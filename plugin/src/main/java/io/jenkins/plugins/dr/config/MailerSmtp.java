package io.jenkins.plugins.dr.config;

import hudson.ExtensionList;
import hudson.model.Descriptor;
import hudson.util.Secret;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mailer plugin's SMTP settings (Manage Jenkins &gt; System &gt; E-mail Notification), for an email channel that
 * names no server of its own. Mailer is read from its descriptor, found by id, through its public getters: this plugin
 * does not depend on Mailer at all, because through Mailer the jakarta-mail-api plugin would provide the Jakarta Mail
 * classes the engine bundles, and the email channel must work the same with or without Mailer.
 */
public final class MailerSmtp {
    static final String MAILER_ID = "hudson.tasks.Mailer";
    private static final Pattern ANGLE = Pattern.compile("<([^<>]+)>");

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
        return mailer().map(mailer -> {
            Object login = call(mailer, "getAuthentication");
            return new Settings(text(call(mailer, "getSmtpHost")), text(call(mailer, "getSmtpPort")),
                    Boolean.TRUE.equals(call(mailer, "getUseTls")), address(text(call(mailer, "getAdminAddress"))),
                    login == null ? null : text(call(login, "getUsername")));
        });
    }

    /** Mailer's SMTP password, when it has a login: read at the moment a step needs it, never kept. */
    public static Optional<Secret> password() {
        return mailer().map(mailer -> call(mailer, "getAuthentication"))
                .map(login -> call(login, "getPassword"))
                .filter(Secret.class::isInstance).map(Secret.class::cast);
    }

    /**
     * The address in Mailer's "System Admin e-mail address" ({@code Name <a@example.com>} or {@code a@example.com}),
     * or {@code null} for its placeholder "address not configured yet &lt;nobody@nowhere&gt;".
     */
    static String address(String text) {
        if (text == null) {
            return null;
        }
        Matcher angle = ANGLE.matcher(text);
        String address = (angle.find() ? angle.group(1) : text).strip();
        return address.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+") ? address : null;
    }

    private static Optional<Descriptor<?>> mailer() {
        for (Descriptor<?> descriptor : ExtensionList.lookup(Descriptor.class)) {
            if (MAILER_ID.equals(descriptor.getId())) {
                return Optional.of(descriptor);
            }
        }
        return Optional.empty();
    }

    /** A public getter of Mailer's; {@code null} when a Mailer version lacks it (then the channel needs its own host). */
    private static Object call(Object target, String getter) {
        try {
            return target.getClass().getMethod(getter).invoke(target);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the Mailer plugin's " + getter + " failed", e.getCause());
        }
    }

    private static String text(Object value) {
        return value instanceof String text ? Text.trimmed(text) : null;
    }
}
