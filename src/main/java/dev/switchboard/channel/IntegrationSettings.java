package dev.switchboard.channel;

import java.util.Map;
import java.util.UUID;

/**
 * The app-level settings a workspace gave a channel type (seed 002's integrations: a Meta
 * app's id, secret and verify token, an email server), which take precedence over the
 * service's {@code switchboard.sources.*} properties for that workspace. The integration
 * feature provides it; sources ask it, so they never depend on that feature.
 */
public interface IntegrationSettings {

	/**
	 * The config of the workspace's active integration of a channel type, opened, every
	 * value in its text form; empty when there is none or it is inactive.
	 * @param channelType {@code whatsapp}, {@code messenger}, {@code instagram} or
	 * {@code email}
	 */
	Map<String, String> config(UUID workspaceId, String channelType);

}
