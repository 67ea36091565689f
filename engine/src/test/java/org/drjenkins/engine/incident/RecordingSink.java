package org.drjenkins.engine.incident;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.NoticeSink;

/** Keeps every notice the engine hands over, in order, for the test to read. */
final class RecordingSink implements NoticeSink {

    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    @Override
    public void send(Notice notice) {
        notices.add(notice);
    }

    List<Notice> all() {
        return List.copyOf(notices);
    }

    List<Notice> of(String kind) {
        return notices.stream().filter(n -> kind.equals(n.facts().get("kind"))).toList();
    }

    List<Notice> to(Audience audience, NoticeAction action) {
        return notices.stream().filter(n -> n.audience() == audience && n.action() == action).toList();
    }

    /** The people of every on-call trigger, one entry per notice: {@code [Alice, Bob]}, {@code [CTO]}. */
    List<String> pagedNames() {
        return to(Audience.ON_CALL, NoticeAction.TRIGGER).stream()
                .map(n -> n.to().stream().map(Contact::name).collect(Collectors.joining(", ", "[", "]"))).toList();
    }

    void clear() {
        notices.clear();
    }
}
