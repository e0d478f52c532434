package dev.switchboard.integration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.AccountChanges;
import dev.switchboard.channel.ChannelAccount;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.ChannelTypes;
import dev.switchboard.channel.IntegrationSettings;
import dev.switchboard.common.ExpiringCache;
import dev.switchboard.common.crypto.SecretsCipher;
import dev.switchboard.common.db.AdvisoryLocks;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.CurrentMember;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Integrations (each channel type's app-level settings in a workspace, sealed) and
 * accounts, which are channels seen through {@link ChannelService}: nothing of an account
 * is stored here.
 */
@Service
public class IntegrationService implements IntegrationSettings {

	/**
	 * How long a config read is kept: the time a change takes to reach other instances.
	 */
	static final Duration CACHE_TTL = Duration.ofSeconds(10);

	private static final int CACHE_ENTRIES = 10_000;

	private static final Pattern ACCOUNT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/** Config keys that name the platform account itself: fixed once connected. */
	private static final Set<String> IDENTITY_KEYS = Set.of("phone_number_id", "page_id", "account_id");

	/**
	 * Config keys used to connect and never kept: the two-step verification PIN, a user
	 * token the connector exchanges.
	 */
	private static final Set<String> TRANSIENT_KEYS = Set.of("pin", "user_token");

	private static final List<String> SOURCES = ChannelTypes.ALL.stream().map(ChannelTypes::source).toList();

	private final IntegrationRepository integrations;

	private final ChannelService channels;

	private final SecretsCipher cipher;

	private final JsonMapper json;

	private final AdvisoryLocks locks;

	private final Clock clock;

	private final ExpiringCache<ConfigKey, Map<String, String>> configs;

	IntegrationService(IntegrationRepository integrations, ChannelService channels, SecretsCipher cipher,
			JsonMapper json, AdvisoryLocks locks, Clock clock) {
		this.integrations = integrations;
		this.channels = channels;
		this.cipher = cipher;
		this.json = json;
		this.locks = locks;
		this.clock = clock;
		this.configs = new ExpiringCache<>(CACHE_TTL, CACHE_ENTRIES, clock);
	}

	/**
	 * The integrations the caller's workspace configured.
	 */
	@Transactional(readOnly = true)
	public List<IntegrationView> list() {
		return this.integrations.findByWorkspaceIdOrderByChannel(CurrentMember.workspaceId())
			.stream()
			.map(this::view)
			.toList();
	}

	/**
	 * One integration of the caller's workspace; an empty inactive one when never
	 * configured.
	 * @throws BadRequestException for a name that is no channel type
	 */
	@Transactional(readOnly = true)
	public IntegrationView get(String channelType) {
		ChannelTypes.source(channelType);
		return this.integrations.findByWorkspaceIdAndChannel(CurrentMember.workspaceId(), channelType)
			.map(this::view)
			.orElseGet(() -> new IntegrationView(null, channelType, false, JsonNodeFactory.instance.objectNode(), null,
					null, null));
	}

	/**
	 * Creates or changes an integration: {@code config} is merged into the stored one.
	 * @param isActive whether its settings are used; a new one is active unless told
	 * @param config the request's config, or {@code null}
	 * @param divisionId the division, empty for none, {@code null} to keep it
	 */
	@Transactional
	public IntegrationView put(String channelType, Boolean isActive, JsonNode config, Optional<UUID> divisionId) {
		ChannelTypes.source(channelType);
		UUID workspaceId = CurrentMember.workspaceId();
		this.locks.lock(AdvisoryLocks.Kind.INTEGRATION, workspaceId + "\n" + channelType);
		Instant now = this.clock.instant();
		Integration integration = this.integrations.findByWorkspaceIdAndChannel(workspaceId, channelType)
			.orElseGet(() -> new Integration(workspaceId, channelType, now));
		Map<String, JsonNode> merged = ConfigValues.merge(opened(integration), config,
				ConfigValues.integrationKeys(channelType));
		UUID division = integration.getDivisionId();
		if (divisionId != null) {
			divisionId.ifPresent(this.channels::requireDivision);
			division = divisionId.orElse(null);
		}
		integration.configure((isActive != null) ? isActive : integration.isActive(), seal(integration, merged),
				division, now);
		this.configs.forget(new ConfigKey(workspaceId, channelType));
		return view(this.integrations.save(integration));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Every webhook asks it (for the app secret that signed it), so it is cached: dropped
	 * on this instance when a change commits, expired after {@link #CACHE_TTL} for
	 * changes made on other instances.
	 */
	@Override
	public Map<String, String> config(UUID workspaceId, String channelType) {
		return this.configs.get(new ConfigKey(workspaceId, channelType),
				(key) -> this.integrations.findByWorkspaceIdAndChannel(key.workspaceId(), key.channelType())
					.filter(Integration::isActive)
					.map((integration) -> Map.copyOf(ConfigValues.texts(opened(integration))))
					.orElse(Map.of()));
	}

	private record ConfigKey(UUID workspaceId, String channelType) {
	}

	/**
	 * The accounts of the caller's workspace, of one channel type or all.
	 */
	@Transactional(readOnly = true)
	public List<AccountView> accounts(String channelType) {
		List<String> sources = (channelType != null) ? List.of(ChannelTypes.source(channelType)) : SOURCES;
		return this.channels.accounts(sources).stream().map(AccountView::of).toList();
	}

	/**
	 * An account of the caller's workspace.
	 * @throws NotFoundException for a channel of no workspace, another one, or of a
	 * source that is no channel type (the chat plugin)
	 */
	@Transactional(readOnly = true)
	public AccountView account(UUID id) {
		return AccountView.of(channelAccount(id));
	}

	/**
	 * The account with its opened config, for the onboarding flows.
	 */
	public ChannelAccount channelAccount(UUID id) {
		ChannelAccount account = this.channels.account(id);
		if (ChannelTypes.type(account.channel().source()) == null) {
			throw new NotFoundException("No such account.");
		}
		return account;
	}

	/**
	 * Connects an account through its channel type's connector: the platform is asked
	 * first, so a refusal stores nothing.
	 */
	@Transactional
	AccountView create(AccountRequests.Create request) {
		ChannelTypes.source(request.channel());
		if (Boolean.FALSE.equals(request.isActive())) {
			throw new BadRequestException(
					"is_active: an account is active once connected; deactivate it with PATCH afterwards");
		}
		return connect(request.channel(), ConfigValues.merge(Map.of(), request.config(), Map.of()),
				request.displayName(), changes(request.channel(), request.accountKey(), request.verifyToken(),
						request.isDefault(), request.division()));
	}

	/**
	 * Connects an account from an onboarding flow through its type's connector.
	 */
	@Transactional
	public AccountView connect(String channelType, Map<String, String> config, String displayName) {
		return connect(channelType, ConfigValues.nodes(config), displayName,
				changes(channelType, null, null, null, null));
	}

	/**
	 * Stores an account whose platform calls an onboarding flow made.
	 */
	@Transactional
	public AccountView save(String channelType, ChannelRegistration registration) {
		return AccountView.of(this.channels.connectAccount(ChannelTypes.source(channelType), registration,
				changes(channelType, null, null, null, null)));
	}

	private AccountView connect(String channelType, Map<String, JsonNode> config, String displayName,
			AccountChanges changes) {
		ObjectNode request = JsonNodeFactory.instance.objectNode();
		config.forEach(request::set);
		// what the connector stores (a long-lived token) goes over the given values
		Map<String, String> kept = ConfigValues.texts(config);
		kept.keySet().removeAll(TRANSIENT_KEYS);
		AccountChanges withConfig = new AccountChanges(null, changes.accountKey(), changes.verifyToken(), null,
				changes.isDefault(), changes.divisionId(), kept);
		return AccountView
			.of(this.channels.connectAccount(ChannelTypes.source(channelType), request, displayName, withConfig));
	}

	private AccountChanges changes(String channelType, String accountKey, String verifyToken, Boolean isDefault,
			Optional<UUID> division) {
		if (accountKey != null && !ACCOUNT_KEY.matcher(accountKey).matches()) {
			throw new BadRequestException(
					"account_key: 1 to 100 letters, digits, '.', '_' and '-', from a letter or digit");
		}
		if (accountKey != null && channelType.equals("whatsapp")) {
			throw new BadRequestException("account_key: a WhatsApp account's key is wa-<phone_number_id>");
		}
		Optional<UUID> divisionId = division;
		if (divisionId == null) {
			// a new account joins its integration's division
			divisionId = this.integrations.findByWorkspaceIdAndChannel(CurrentMember.workspaceId(), channelType)
				.map(Integration::getDivisionId);
			divisionId = divisionId.isPresent() ? divisionId : null;
		}
		return new AccountChanges(null, accountKey, verifyToken, null, isDefault, divisionId, null);
	}

	/**
	 * Changes an account; its config is merged into the stored one.
	 * @throws BadRequestException when it would change the platform account itself
	 */
	@Transactional
	AccountView update(UUID id, AccountRequests.Update request) {
		ChannelAccount account = channelAccount(id);
		String type = ChannelTypes.type(account.channel().source());
		if (request.accountKey() != null && type.equals("whatsapp")
				&& !request.accountKey().equals(account.accountKey())) {
			throw new BadRequestException("account_key: a WhatsApp account's key is wa-<phone_number_id>");
		}
		if (request.accountKey() != null && !ACCOUNT_KEY.matcher(request.accountKey()).matches()) {
			throw new BadRequestException(
					"account_key: 1 to 100 letters, digits, '.', '_' and '-', from a letter or digit");
		}
		Map<String, String> config = null;
		if (request.config() != null) {
			Map<String, JsonNode> stored = ConfigValues.nodes(account.config());
			Map<String, JsonNode> merged = ConfigValues.merge(stored, request.config(), Map.of());
			for (String key : IDENTITY_KEYS) {
				if (stored.containsKey(key) && !stored.get(key).equals(merged.get(key))) {
					throw new BadRequestException("config." + key
							+ ": names the platform account and cannot change; connect the other account instead");
				}
			}
			config = ConfigValues.texts(merged);
		}
		return AccountView
			.of(this.channels.updateAccount(id, new AccountChanges(request.displayName(), request.accountKey(),
					request.verifyToken(), request.isActive(), request.isDefault(), request.division(), config)));
	}

	/**
	 * Makes an account its type's default sender, clearing the flag of the others.
	 * @throws BadRequestException for a disconnected account
	 */
	@Transactional
	public AccountView makeDefault(UUID id) {
		ChannelAccount account = channelAccount(id);
		if (!account.channel().connected()) {
			throw new BadRequestException("A disconnected account cannot be the default sender.");
		}
		return AccountView
			.of(this.channels.updateAccount(id, new AccountChanges(null, null, null, null, true, null, null)));
	}

	private Map<String, JsonNode> opened(Integration integration) {
		if (integration.getConfig() == null) {
			return Map.of();
		}
		return this.json.readValue(this.cipher.open(integration.getConfig(), integration.getId().toString()),
				new TypeReference<LinkedHashMap<String, JsonNode>>() {
				});
	}

	private byte[] seal(Integration integration, Map<String, JsonNode> config) {
		return this.cipher.seal(this.json.writeValueAsBytes(config), integration.getId().toString());
	}

	private IntegrationView view(Integration integration) {
		return new IntegrationView(integration.getId(), integration.getChannel(), integration.isActive(),
				ConfigValues.masked(opened(integration)), integration.getCreatedAt(), integration.getUpdatedAt(),
				integration.getDivisionId());
	}

}
