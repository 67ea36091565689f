/**
 * The product's operations as incidents: a failed backup or verification, a verdict that turned, a failed drill and a
 * failover become incidents of the {@code incident} engine with the plan's severities. A package of its own because it
 * reads the results of the drill and compliance packages, and the drill package already uses the incident engine.
 */
package org.drjenkins.engine.paging;
