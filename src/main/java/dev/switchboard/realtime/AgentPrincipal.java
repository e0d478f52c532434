package dev.switchboard.realtime;

import java.security.Principal;

import dev.switchboard.common.security.Member;

/**
 * An agent's STOMP connection: named uniquely per connection (so that events are sent to
 * each connection by what its member may see), carrying the member it authenticated as.
 *
 * @param name the connection's user destination name
 * @param member the member
 */
record AgentPrincipal(String name, Member member) implements Principal {

	@Override
	public String getName() {
		return this.name;
	}

}
