package dev.switchboard.common.web;

/**
 * The names of the OpenAPI document's security schemes, for features that say which
 * credentials their endpoints take.
 */
public final class SecuritySchemes {

	/** A user's token from {@code users.login}: {@code Authorization: Bearer <token>}. */
	public static final String BEARER = "bearer";

	/** An access key: {@code Authorization: AccessKey <key>}. */
	public static final String ACCESS_KEY = "access_key";

	/**
	 * A chat plugin visitor's token from {@code chatplugin.authenticate}:
	 * {@code Authorization: Bearer <token>}.
	 */
	public static final String VISITOR = "visitor";

	private SecuritySchemes() {
	}

}
