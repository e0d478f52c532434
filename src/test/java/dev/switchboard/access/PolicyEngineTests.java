package dev.switchboard.access;

import java.util.List;

import dev.switchboard.common.security.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEngineTests {

	private static final String WS = "/workspaces/5b0c2f5e-8f0e-4a3e-9c8e-0b6f3b1d2a47";

	@Test
	void aStarMatchesExactlyOneSegment() {
		assertThat(Policy.matches("/workspaces/*/channels", WS + "/channels")).isTrue();
		assertThat(Policy.matches("/workspaces/*", WS + "/channels")).isFalse();
		assertThat(Policy.matches("/workspaces/*/channels/*", WS + "/channels")).isFalse();
	}

	@Test
	void aTrailingDoubleStarMatchesThePathAndEverythingBelow() {
		assertThat(Policy.matches(WS + "/conversations/**", WS + "/conversations")).isTrue();
		assertThat(Policy.matches(WS + "/conversations/**", WS + "/conversations/1/messages")).isTrue();
		assertThat(Policy.matches(WS + "/conversations/**", WS + "/conversation")).isFalse();
		assertThat(Policy.matches(WS + "/conversations/**", WS)).isFalse();
		assertThat(Policy.matches("/**", "/users/me")).isTrue();
	}

	@Test
	void aPatternNamingAnotherWorkspaceMatchesNothingOfThisOne() {
		assertThat(Policy.matches("/workspaces/0b6f3b1d-8f0e-4a3e-9c8e-5b0c2f5e2a47/**", WS + "/channels")).isFalse();
	}

	@Test
	void denyBeatsAllowWhateverTheOrder() {
		List<Policy> policies = List.of(Policy.deny(List.of(Action.VIEW), "/workspaces/*/channels/*"),
				Policy.allow(List.of(Action.VIEW), "/**"));
		assertThat(PolicyEngine.allows(policies, Action.VIEW, WS + "/channels")).isTrue();
		assertThat(PolicyEngine.allows(policies, Action.VIEW, WS + "/channels/1")).isFalse();
		assertThat(PolicyEngine.allows(policies, Action.CREATE, WS + "/channels")).isFalse();
	}

	@Test
	void nothingIsAllowedWithoutAnAllowStatement() {
		assertThat(PolicyEngine.allows(List.of(), Action.VIEW, WS + "/channels")).isFalse();
	}

}
