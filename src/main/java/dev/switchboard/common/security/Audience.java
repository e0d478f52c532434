package dev.switchboard.common.security;

/**
 * Who may call an endpoint at all, before any policy is asked.
 */
public enum Audience {

	/** Anyone, without credentials (signup, login, platform webhooks). */
	PUBLIC,

	/** A chat plugin visitor token, checked by the visitor API's own chain. */
	VISITOR,

	/** A user token only: access keys get a {@code 403} whatever their policies. */
	USER,

	/** A user token or an access key, as their policies allow. */
	MEMBER

}
