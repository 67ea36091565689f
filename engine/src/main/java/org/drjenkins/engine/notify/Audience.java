package org.drjenkins.engine.notify;

/**
 * Who a notice is for, in the plan's communication protocol: the incidents channel gets the initial alert and every
 * update, the on-call is paged, stakeholders get the customer email once an incident lasts more than 5 minutes, and
 * executives get an update every 15 minutes until it is resolved. Channels are configured per audience.
 */
public enum Audience {
    INCIDENTS,
    ON_CALL,
    STAKEHOLDERS,
    EXECUTIVES
}
