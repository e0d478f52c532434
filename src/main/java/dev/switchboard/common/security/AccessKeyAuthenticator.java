package dev.switchboard.common.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates {@code Authorization: AccessKey <key>} requests.
 */
public interface AccessKeyAuthenticator {

	/**
	 * The key's member in its workspace.
	 * @throws AuthenticationException when the key is unknown, expired or revoked
	 */
	MemberAuthentication authenticate(String key);

}
