package jenkins.triggers;

import hudson.model.Item;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import java.util.Map;

/** Stub of Jenkins core {@code jenkins.triggers.TriggeredItem} (since 2.372): an item with triggers. */
public interface TriggeredItem extends Item {
    Map<TriggerDescriptor, Trigger<?>> getTriggers();
}
