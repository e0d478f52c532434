package dev.switchboard.channel;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.common.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A connected account of a source. Its credentials are sealed (see
 * {@link dev.switchboard.common.crypto.SecretsCipher}) and dropped on disconnect.
 */
@Entity
@Table(name = "channels")
class Channel extends AbstractEntity {

	@Column(name = "workspace_id")
	private UUID workspaceId;

	@Column(name = "source")
	private String source;

	@Column(name = "source_channel_id")
	private String sourceChannelId;

	@Column(name = "name")
	private String name;

	@Column(name = "image_url")
	private String imageUrl;

	@Column(name = "connected")
	private boolean connected;

	@Column(name = "credentials")
	private byte[] credentials;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "settings")
	private Map<String, String> settings;

	@Column(name = "division_id")
	private UUID divisionId;

	@Column(name = "needs_reconnect")
	private boolean needsReconnect;

	@Column(name = "account_key")
	private String accountKey;

	@Column(name = "verify_token")
	private byte[] verifyToken;

	@Column(name = "is_default")
	private boolean isDefault;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Channel() {
	}

	Channel(UUID workspaceId, String source, String sourceChannelId, String accountKey, Instant now) {
		super(UUID.randomUUID());
		this.workspaceId = workspaceId;
		this.source = source;
		this.sourceChannelId = sourceChannelId;
		this.accountKey = accountKey;
		this.settings = Map.of();
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * Connects (or reconnects) the channel with a new name, image, credentials and
	 * settings.
	 */
	void connect(String name, String imageUrl, byte[] sealedCredentials, Map<String, String> settings, Instant now) {
		this.name = name;
		this.imageUrl = imageUrl;
		this.credentials = sealedCredentials;
		this.settings = Map.copyOf(settings);
		this.connected = true;
		this.needsReconnect = false;
		this.updatedAt = now;
	}

	void disconnect(Instant now) {
		this.connected = false;
		this.credentials = null;
		this.updatedAt = now;
	}

	void update(String name, String imageUrl, Instant now) {
		if (name != null) {
			this.name = name.trim();
		}
		if (imageUrl != null) {
			this.imageUrl = imageUrl.isEmpty() ? null : imageUrl;
		}
		this.updatedAt = now;
	}

	/**
	 * Puts the channel in a division (agents outside it stop seeing its conversations),
	 * or in none.
	 */
	void assignDivision(UUID divisionId, Instant now) {
		this.divisionId = divisionId;
		this.updatedAt = now;
	}

	/**
	 * Replaces the account's key (its webhook URL) and, when given, its sealed verify
	 * token.
	 */
	void identify(String accountKey, byte[] sealedVerifyToken, Instant now) {
		if (accountKey != null) {
			this.accountKey = accountKey;
		}
		if (sealedVerifyToken != null) {
			this.verifyToken = sealedVerifyToken;
		}
		this.updatedAt = now;
	}

	/**
	 * Replaces the credentials and settings with a reconfigured account's, keeping the
	 * channel's connection.
	 */
	void reconfigure(byte[] sealedCredentials, Map<String, String> settings, Instant now) {
		this.credentials = sealedCredentials;
		this.settings = Map.copyOf(settings);
		this.updatedAt = now;
	}

	void markDefault(boolean isDefault, Instant now) {
		this.isDefault = isDefault;
		this.updatedAt = now;
	}

	void flagNeedsReconnect(Instant now) {
		this.needsReconnect = true;
		this.updatedAt = now;
	}

	UUID getWorkspaceId() {
		return this.workspaceId;
	}

	String getSource() {
		return this.source;
	}

	String getSourceChannelId() {
		return this.sourceChannelId;
	}

	String getName() {
		return this.name;
	}

	String getImageUrl() {
		return this.imageUrl;
	}

	boolean isConnected() {
		return this.connected;
	}

	byte[] getCredentials() {
		return this.credentials;
	}

	Map<String, String> getSettings() {
		return this.settings;
	}

	UUID getDivisionId() {
		return this.divisionId;
	}

	boolean isNeedsReconnect() {
		return this.needsReconnect;
	}

	String getAccountKey() {
		return this.accountKey;
	}

	byte[] getVerifyToken() {
		return this.verifyToken;
	}

	boolean isDefault() {
		return this.isDefault;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
