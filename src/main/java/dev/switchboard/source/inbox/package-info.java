/**
 * The inbound webhook inbox shared by every source: a raw event is stored before the
 * platform gets its 200, then handed to the source's handler, retried on failure.
 */
@ApplicationModule(allowedDependencies = { "common", "message" })
package dev.switchboard.source.inbox;

import org.springframework.modulith.ApplicationModule;
