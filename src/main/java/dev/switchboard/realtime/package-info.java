/**
 * Real time: the STOMP endpoints for agents and visitors, and the relay that delivers the
 * event log to each instance's connected clients.
 */
@ApplicationModule(allowedDependencies = { "common", "workspace" })
package dev.switchboard.realtime;

import org.springframework.modulith.ApplicationModule;
