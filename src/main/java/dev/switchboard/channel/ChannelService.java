package dev.switchboard.channel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.crypto.BearerSecrets;
import dev.switchboard.common.crypto.SecretsCipher;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.InvalidFieldsException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.web.SwitchboardProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Channels: connecting through a source's connector, disconnecting, renaming, listing;
 * the only place that seals and opens platform credentials. What every inbound message
 * and conversation view looks up (a channel by platform account, by id) is kept in a
 * cache: dropped on this instance when a change of the channel commits, expired after
 * {@link #CACHE_TTL} for changes made on other instances.
 */
@Service
public class ChannelService {

	static final Duration CACHE_TTL = Duration.ofSeconds(10);

	private static final int CACHE_ENTRIES = 10_000;

	private final ChannelRepository channels;

	private final Map<String, ChannelConnector<?>> connectors;

	private final SecretsCipher cipher;

	private final JsonMapper json;

	private final Validator validator;

	private final JdbcClient jdbc;

	private final AdvisoryLocks locks;

	private final SwitchboardProperties switchboard;

	private final EventLog events;

	private final Clock clock;

	private final ExpiringCache<Account, Optional<ChannelView>> byAccount;

	private final ExpiringCache<UUID, Optional<ChannelView>> byId;

	// opened credentials, read (and decrypted) per delivery otherwise; a change of the
	// channel forgets them like its views
	private final ExpiringCache<UUID, Map<String, String>> credentialsById;

	ChannelService(ChannelRepository channels, List<ChannelConnector<?>> connectors, SecretsCipher cipher,
			JsonMapper json, Validator validator, JdbcClient jdbc, AdvisoryLocks locks,
			SwitchboardProperties switchboard, EventLog events, Clock clock) {
		this.channels = channels;
		this.connectors = connectors.stream()
			.collect(Collectors.toUnmodifiableMap(ChannelConnector::source, Function.identity()));
		this.cipher = cipher;
		this.json = json;
		this.validator = validator;
		this.jdbc = jdbc;
		this.locks = locks;
		this.switchboard = switchboard;
		this.events = events;
		this.clock = clock;
		this.byAccount = new ExpiringCache<>(CACHE_TTL, CACHE_ENTRIES, clock);
		this.byId = new ExpiringCache<>(CACHE_TTL, CACHE_ENTRIES, clock);
		this.credentialsById = new ExpiringCache<>(CACHE_TTL, CACHE_ENTRIES, clock);
	}

	/**
	 * Connects a channel of the caller's workspace through its source's connector.
	 * Connecting the same account again reconnects the same channel (same id) with the
	 * new token and name.
	 * @throws ConflictException when another workspace has connected the account
	 */
	@Transactional
	public <R> ChannelView connect(ChannelConnector<R> connector, R request) {
		return save(connector, connector.register(request), AccountChanges.NONE).channel();
	}

	/**
	 * Connects an account of the integrations API (seed 002) through its source's
	 * connector, from the request the connector makes of the account's config: the
	 * platform is asked before anything is stored, so a refusal leaves nothing behind.
	 * @throws BadRequestException when the source has no connector yet
	 */
	@Transactional
	public ChannelAccount connectAccount(String source, ObjectNode config, String displayName, AccountChanges changes) {
		ChannelConnector<?> connector = this.connectors.get(source);
		if (connector == null) {
			throw new BadRequestException("Accounts of the source '" + source + "' are not available yet.");
		}
		return connectAccount(connector, connector.accountRequest(config, displayName), changes);
	}

	private <R> ChannelAccount connectAccount(ChannelConnector<R> connector, JsonNode body, AccountChanges changes) {
		return save(connector, connector.register(bind(connector, body)), changes);
	}

	/**
	 * Stores an account whose platform calls its caller made (an OAuth flow), as its
	 * source's connector would.
	 */
	@Transactional
	public ChannelAccount connectAccount(String source, ChannelRegistration registration, AccountChanges changes) {
		return save(connector(source), registration, changes);
	}

	private ChannelAccount save(ChannelConnector<?> connector, ChannelRegistration registration,
			AccountChanges changes) {
		UUID workspaceId = CurrentMember.workspaceId();
		String source = connector.source();
		this.locks.lock(AdvisoryLocks.Kind.PLATFORM_ACCOUNT, source + "\n" + registration.sourceChannelId());
		Instant now = this.clock.instant();
		Optional<Channel> existing;
		if (connector.accountsAreGlobal()) {
			existing = this.channels.findFirstBySourceAndSourceChannelId(source, registration.sourceChannelId());
			if (existing.isPresent() && !existing.get().getWorkspaceId().equals(workspaceId)) {
				throw new ConflictException("This " + source + " account is connected in another workspace.");
			}
		}
		else {
			existing = this.channels.findByWorkspaceIdAndSourceAndSourceChannelId(workspaceId, source,
					registration.sourceChannelId());
		}
		Channel channel = existing.orElseGet(() -> new Channel(workspaceId, source, registration.sourceChannelId(),
				connector.accountKey(registration.sourceChannelId()), now));
		boolean created = existing.isEmpty();
		// the account's other config values, under what the connector found out
		Map<String, String> credentials = new TreeMap<>();
		Map<String, String> settings = new TreeMap<>();
		if (changes.config() != null) {
			changes.config()
				.forEach((key, value) -> (AccountConfig.isSensitive(key) ? credentials : settings).put(key, value));
		}
		credentials.putAll(registration.credentials());
		settings.putAll(registration.settings());
		channel.connect(registration.name(), registration.imageUrl(), sealed(channel, credentials), settings, now);
		String accountKey = changes.accountKey();
		if (accountKey == null && (channel.getAccountKey() == null
				|| (created && this.channels.findBySourceAndAccountKey(source, channel.getAccountKey()).isPresent()))) {
			// no derived key, or another account was given it: the channel id is unique
			accountKey = source + "-" + channel.getId();
		}
		String verifyToken = (changes.verifyToken() != null) ? changes.verifyToken()
				: (channel.getVerifyToken() == null && connector.webhookPath() != null) ? BearerSecrets.generate()
						: null;
		identify(channel, accountKey, verifyToken, now);
		if (changes.divisionId() != null) {
			assignDivision(channel, changes.divisionId(), now);
		}
		Channel saved = this.channels.save(channel);
		boolean becomesDefault = Boolean.TRUE.equals(changes.isDefault())
				|| (changes.isDefault() == null && created && this.channels.findDefault(workspaceId, source).isEmpty());
		if (becomesDefault) {
			makeDefault(saved, now);
		}
		else if (Boolean.FALSE.equals(changes.isDefault()) && saved.isDefault()) {
			saved.markDefault(false, now);
		}
		updated(saved);
		return account(saved);
	}

	private byte[] sealed(Channel channel, Map<String, String> credentials) {
		return credentials.isEmpty() ? null
				: this.cipher.seal(this.json.writeValueAsBytes(credentials), channel.getId().toString());
	}

	private void identify(Channel channel, String accountKey, String verifyToken, Instant now) {
		if (accountKey != null && !accountKey.equals(channel.getAccountKey())) {
			this.channels.findBySourceAndAccountKey(channel.getSource(), accountKey)
				.filter((other) -> !other.getId().equals(channel.getId()))
				.ifPresent((other) -> {
					throw new ConflictException("account_key: another " + channel.getSource() + " account has the key '"
							+ accountKey + "'");
				});
		}
		channel.identify(accountKey, (verifyToken != null)
				? this.cipher.seal(verifyToken.getBytes(StandardCharsets.UTF_8), verifyTokenData(channel.getId()))
				: null, now);
	}

	private void makeDefault(Channel channel, Instant now) {
		this.locks.lock(AdvisoryLocks.Kind.INTEGRATION, channel.getWorkspaceId() + "\n" + channel.getSource());
		this.channels.findDefault(channel.getWorkspaceId(), channel.getSource())
			.filter((other) -> !other.getId().equals(channel.getId()))
			.ifPresent((other) -> {
				other.markDefault(false, now);
				// the partial unique index must see the old default cleared first
				this.channels.saveAndFlush(other);
				updated(other);
			});
		channel.markDefault(true, now);
	}

	/**
	 * The accounts of the caller's workspace (connected or not) of the given sources,
	 * oldest first.
	 */
	@Transactional(readOnly = true)
	public List<ChannelAccount> accounts(Collection<String> sources) {
		return this.channels.findAccounts(CurrentMember.workspaceId(), sources).stream().map(this::account).toList();
	}

	/**
	 * An account of the caller's workspace.
	 * @throws NotFoundException for a channel of no workspace or another one
	 */
	@Transactional(readOnly = true)
	public ChannelAccount account(UUID channelId) {
		return account(this.channels.findByWorkspaceIdAndId(CurrentMember.workspaceId(), channelId)
			.orElseThrow(ChannelService::notFound));
	}

	/**
	 * The account a webhook URL names ({@code /whatsapp/<account_key>}), whichever
	 * workspace holds it.
	 */
	@Transactional(readOnly = true)
	public Optional<ChannelAccount> accountByKey(String source, String accountKey) {
		return this.channels.findBySourceAndAccountKey(source, accountKey).map(this::account);
	}

	/**
	 * Changes an account of the caller's workspace: its name, key, verify token,
	 * division, default flag and config; {@code is_active: false} disconnects it.
	 * @throws NotFoundException for a channel or division of no workspace or another one
	 * @throws BadRequestException when it would reactivate or reconfigure a disconnected
	 * account, which only connecting again can
	 */
	@Transactional
	public ChannelAccount updateAccount(UUID channelId, AccountChanges changes) {
		Channel channel = this.channels.findByWorkspaceIdAndId(CurrentMember.workspaceId(), channelId)
			.orElseThrow(ChannelService::notFound);
		Instant now = this.clock.instant();
		if (!channel.isConnected() && (Boolean.TRUE.equals(changes.isActive()) || changes.config() != null)) {
			throw new BadRequestException(
					"The account is disconnected; connect it again with POST /api/integrations/accounts.");
		}
		channel.update(changes.displayName(), null, now);
		identify(channel, changes.accountKey(), changes.verifyToken(), now);
		if (changes.divisionId() != null) {
			assignDivision(channel, changes.divisionId(), now);
		}
		if (changes.config() != null) {
			Map<String, String> credentials = new TreeMap<>();
			Map<String, String> settings = new TreeMap<>();
			changes.config()
				.forEach((key, value) -> (AccountConfig.isSensitive(key) ? credentials : settings).put(key, value));
			channel.reconfigure(sealed(channel, credentials), settings, now);
		}
		if (Boolean.TRUE.equals(changes.isDefault())) {
			makeDefault(channel, now);
		}
		else if (Boolean.FALSE.equals(changes.isDefault())) {
			channel.markDefault(false, now);
		}
		if (Boolean.FALSE.equals(changes.isActive()) && channel.isConnected()) {
			channel.disconnect(now);
		}
		updated(channel);
		return account(channel);
	}

	/**
	 * The default account of a source in the caller's workspace: what
	 * {@code messages.send {channel: "<type>"}} sends from.
	 * @throws BadRequestException when the workspace has no connected default of it
	 */
	@Transactional(readOnly = true)
	public ChannelView defaultChannel(String source) {
		return this.channels.findDefault(CurrentMember.workspaceId(), source)
			.filter(Channel::isConnected)
			.map(this::view)
			.orElseThrow(() -> new BadRequestException(
					"channel: the workspace has no connected default " + ChannelTypes.type(source) + " account"));
	}

	private ChannelAccount account(Channel channel) {
		Map<String, String> config = new TreeMap<>(channel.getSettings());
		config.putAll(opened(channel));
		String verifyToken = (channel.getVerifyToken() != null)
				? new String(this.cipher.open(channel.getVerifyToken(), verifyTokenData(channel.getId())),
						StandardCharsets.UTF_8)
				: null;
		return new ChannelAccount(view(channel), channel.getAccountKey(), channel.isDefault(), verifyToken, config,
				channel.getCreatedAt(), channel.getUpdatedAt());
	}

	private static String verifyTokenData(UUID channelId) {
		return channelId + ":verify_token";
	}

	/**
	 * The generic {@code channels.connect}: binds the body to the source's request type,
	 * validates it and connects.
	 */
	@Transactional
	public ChannelView connect(String source, JsonNode body) {
		return connectWith(connector(source), body);
	}

	private <R> ChannelView connectWith(ChannelConnector<R> connector, JsonNode body) {
		return connect(connector, bind(connector, body));
	}

	private <R> R bind(ChannelConnector<R> connector, JsonNode body) {
		R request;
		try {
			request = this.json.treeToValue(body, connector.requestType());
		}
		catch (JacksonException ex) {
			throw new BadRequestException("The connect request for '" + connector.source() + "' is malformed.");
		}
		Set<ConstraintViolation<R>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new InvalidFieldsException(violations.stream()
				.collect(Collectors.toMap((violation) -> violation.getPropertyPath().toString(),
						ConstraintViolation::getMessage, (first, second) -> first + "; " + second)));
		}
		return request;
	}

	/**
	 * Disconnects a channel and deletes its credentials.
	 * @param source the source the caller expects, or {@code null} for any
	 * @return {@code false} when it was already disconnected
	 * @throws BadRequestException for an unknown channel or one of another source
	 */
	@Transactional
	public boolean disconnect(String source, UUID channelId) {
		Channel channel = this.channels.findByWorkspaceIdAndId(CurrentMember.workspaceId(), channelId)
			.filter((found) -> source == null || found.getSource().equals(source))
			.orElseThrow(() -> new BadRequestException(
					"No " + ((source != null) ? source + " " : "") + "channel with the id " + channelId + "."));
		if (!channel.isConnected()) {
			return false;
		}
		channel.disconnect(this.clock.instant());
		updated(channel);
		return true;
	}

	@Transactional
	public ChannelView update(UUID channelId, String name, String imageUrl) {
		return update(channelId, name, imageUrl, null);
	}

	/**
	 * Renames a channel of the caller's workspace, changes its image or its division;
	 * {@code null} fields stay as they are.
	 * @param divisionId the new division, empty for none, or {@code null} to keep it
	 * @throws NotFoundException for a channel or division of no workspace or another one
	 */
	@Transactional
	public ChannelView update(UUID channelId, String name, String imageUrl, Optional<UUID> divisionId) {
		UUID workspaceId = CurrentMember.workspaceId();
		Channel channel = this.channels.findByWorkspaceIdAndId(workspaceId, channelId)
			.orElseThrow(ChannelService::notFound);
		Instant now = this.clock.instant();
		channel.update(name, imageUrl, now);
		if (divisionId != null) {
			assignDivision(channel, divisionId, now);
		}
		return updated(channel);
	}

	private void assignDivision(Channel channel, Optional<UUID> divisionId, Instant now) {
		if (!Objects.equals(divisionId.orElse(null), channel.getDivisionId())) {
			divisionId.filter((id) -> !divisionExists(channel.getWorkspaceId(), id)).ifPresent((id) -> {
				throw new NotFoundException("No such division.");
			});
			channel.assignDivision(divisionId.orElse(null), now);
		}
	}

	/**
	 * Checks that a division is the caller's workspace's.
	 * @throws NotFoundException when it is not
	 */
	@Transactional(readOnly = true)
	public void requireDivision(UUID divisionId) {
		if (!divisionExists(CurrentMember.workspaceId(), divisionId)) {
			throw new NotFoundException("No such division.");
		}
	}

	// divisions are the workspace's; reading the table keeps channel free of that module
	private boolean divisionExists(UUID workspaceId, UUID divisionId) {
		return this.jdbc.sql("select exists (select 1 from divisions where workspace_id = :workspace and id = :id)")
			.param("workspace", workspaceId)
			.param("id", divisionId)
			.query(Boolean.class)
			.single();
	}

	@Transactional(readOnly = true)
	public List<ChannelView> listConnected(String source) {
		return this.channels.findConnected(CurrentMember.workspaceId(), source).stream().map(this::view).toList();
	}

	/**
	 * Every channel of the caller's workspace, disconnected ones included, oldest first.
	 */
	@Transactional(readOnly = true)
	public List<ChannelView> listAll() {
		return this.channels.findByWorkspaceIdOrderByCreatedAtAscIdAsc(CurrentMember.workspaceId())
			.stream()
			.map(this::view)
			.toList();
	}

	/**
	 * A channel of the caller's workspace.
	 * @throws NotFoundException for a channel of no workspace or another one
	 */
	@Transactional(readOnly = true)
	public ChannelView find(UUID channelId) {
		return this.channels.findByWorkspaceIdAndId(CurrentMember.workspaceId(), channelId)
			.map(this::view)
			.orElseThrow(ChannelService::notFound);
	}

	/**
	 * A channel by id whatever its workspace, for work that is not a member's request
	 * (deliveries, visitors, platform callbacks); its view names the workspace.
	 * @throws NotFoundException for an unknown channel
	 */
	@Transactional(readOnly = true)
	public ChannelView get(UUID channelId) {
		return this.channels.findById(channelId).map(this::view).orElseThrow(ChannelService::notFound);
	}

	/**
	 * The channel of a platform account (a page, a phone number), whichever workspace
	 * connected it: what inbound webhooks are routed by. Only for sources whose accounts
	 * are unique across workspaces.
	 */
	public Optional<ChannelView> findBySourceChannelId(String source, String sourceChannelId) {
		return this.byAccount.get(new Account(source, sourceChannelId),
				(account) -> this.channels.findFirstBySourceAndSourceChannelId(account.source(), account.id())
					.map(this::view));
	}

	/**
	 * The connected channels of a source in every workspace, for work that is not a
	 * member's request (watching mailboxes).
	 */
	@Transactional(readOnly = true)
	public List<ChannelView> connectedEverywhere(String source) {
		return this.channels.findBySourceAndConnectedTrue(source).stream().map(this::view).toList();
	}

	/**
	 * The channels with the given ids, by id: those not in the cache in one query.
	 */
	public Map<UUID, ChannelView> findAll(Collection<UUID> channelIds) {
		if (channelIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, ChannelView> found = new HashMap<>();
		List<UUID> missing = new ArrayList<>();
		for (UUID id : channelIds) {
			this.byId.getIfPresent(id)
				.ifPresentOrElse((view) -> view.ifPresent((v) -> found.put(id, v)), () -> missing.add(id));
		}
		if (!missing.isEmpty()) {
			Map<UUID, ChannelView> loaded = this.channels.findByIdIn(missing)
				.stream()
				.collect(Collectors.toMap(Channel::getId, this::view));
			for (UUID id : missing) {
				Optional<ChannelView> view = Optional.ofNullable(loaded.get(id));
				this.byId.get(id, (key) -> view);
				view.ifPresent((v) -> found.put(id, v));
			}
		}
		return found;
	}

	/**
	 * The platform credentials of a connected channel, opened; empty for a disconnected
	 * channel or a source without credentials. Read from a cache that a change of the
	 * channel clears.
	 */
	public Map<String, String> credentials(UUID channelId) {
		return this.credentialsById.get(channelId,
				(id) -> this.channels.findById(id).filter(Channel::isConnected).map(this::opened).orElse(Map.of()));
	}

	private Map<String, String> opened(Channel channel) {
		if (channel.getCredentials() == null) {
			return Map.of();
		}
		return this.json.readValue(this.cipher.open(channel.getCredentials(), channel.getId().toString()),
				new TypeReference<Map<String, String>>() {
				});
	}

	/**
	 * Records that the platform refused the channel's token, so that admins see it needs
	 * reconnecting.
	 */
	@Transactional
	public void flagNeedsReconnect(UUID channelId) {
		this.channels.findById(channelId).ifPresent((channel) -> {
			channel.flagNeedsReconnect(this.clock.instant());
			updated(channel);
		});
	}

	public List<ChannelConnector.ExploredAccount> explore(String source, String token) {
		return connector(source).explore(token);
	}

	private ChannelConnector<?> connector(String source) {
		ChannelConnector<?> connector = this.connectors.get(source);
		if (connector == null) {
			throw new BadRequestException("Unknown source '" + source + "'; use one of "
					+ this.connectors.keySet().stream().sorted().toList() + ".");
		}
		return connector;
	}

	private ChannelView updated(Channel channel) {
		ChannelView view = view(channel);
		this.events.append("channel.updated", channel.getWorkspaceId(), null, channel.getId(), view);
		forget(channel.getId(), new Account(channel.getSource(), channel.getSourceChannelId()));
		return view;
	}

	/**
	 * Drops the channel's cached views now and again after the commit, so that a look-up
	 * made while the change was in flight does not keep the old state.
	 */
	private void forget(UUID channelId, Account account) {
		this.byId.forget(channelId);
		this.byAccount.forget(account);
		this.credentialsById.forget(channelId);
	}

	private record Account(String source, String id) {
	}

	private ChannelView view(Channel channel) {
		ChannelConnector<?> connector = this.connectors.get(channel.getSource());
		String webhookPath = (connector != null) ? connector.webhookPath() : null;
		return new ChannelView(channel.getId(), channel.getWorkspaceId(), channel.getSource(),
				channel.getSourceChannelId(), new ChannelView.Metadata(channel.getName(), channel.getImageUrl()),
				channel.isConnected(), (webhookPath != null) ? this.switchboard.publicUrl() + webhookPath : null,
				channel.isNeedsReconnect(), channel.getSettings(), channel.getDivisionId(), channel.getCreatedAt(),
				channel.getUpdatedAt());
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such channel.");
	}

}
