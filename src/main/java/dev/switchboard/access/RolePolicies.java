package dev.switchboard.access;

import java.util.List;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Role;

import static dev.switchboard.common.security.Action.CREATE;
import static dev.switchboard.common.security.Action.DELETE;
import static dev.switchboard.common.security.Action.UPDATE;
import static dev.switchboard.common.security.Action.VIEW;

/**
 * The roles as predefined policies over the same resource paths as access keys. Admin:
 * everything. Supervisor: everything but channel connect, disconnect, update and explore,
 * managing members, divisions, access keys, webhooks and integrations (which it may read,
 * but for an account's health), and creating or renaming workspaces. Agent:
 * conversations, their messages and metadata, reading tags, channels, events and
 * templates, and their own user and workspaces.
 */
final class RolePolicies {

	private static final List<Action> ALL = List.of(VIEW, CREATE, UPDATE, DELETE);

	private static final List<Policy> ADMIN = List.of(Policy.allow(ALL, "/**"));

	private static final List<Policy> SUPERVISOR = List.of(Policy.allow(ALL, "/**"),
			Policy.deny(ALL, "/workspaces/*/access-keys/**", "/workspaces/*/sources/**", "/workspaces/*/webhooks/**"),
			Policy.deny(List.of(CREATE), "/workspaces", "/workspaces/*/channels", "/workspaces/*/connectors"),
			Policy.deny(List.of(DELETE), "/workspaces/*/connectors/*"), Policy.deny(List.of(UPDATE), "/workspaces/*"),
			Policy.deny(List.of(UPDATE, DELETE), "/workspaces/*/channels/*"),
			Policy.deny(List.of(CREATE, UPDATE, DELETE), "/workspaces/*/members/**", "/workspaces/*/divisions/**",
					"/workspaces/*/integrations/**"),
			Policy.deny(List.of(VIEW), "/workspaces/*/integrations/accounts/*/health"));

	private static final List<Policy> AGENT = List.of(
			Policy.allow(ALL, "/workspaces/*/conversations/**", "/users/me/**"),
			Policy.allow(List.of(CREATE), "/workspaces/*/channels/*/messages",
					"/workspaces/*/channels/*/presigned-upload"),
			Policy.allow(List.of(UPDATE), "/workspaces/*/messages/*"),
			Policy.allow(List.of(VIEW), "/workspaces/*/tags", "/workspaces/*/channels", "/workspaces/*/channels/*",
					"/workspaces/*/events", "/workspaces/*/templates", "/workspaces/*/templates/*"));

	private RolePolicies() {
	}

	static List<Policy> of(Role role) {
		return switch (role) {
			case ADMIN -> ADMIN;
			case SUPERVISOR -> SUPERVISOR;
			case AGENT -> AGENT;
		};
	}

}
