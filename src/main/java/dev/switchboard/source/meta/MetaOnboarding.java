package dev.switchboard.source.meta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.switchboard.channel.ChannelAccount;
import dev.switchboard.channel.ChannelRegistration;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.common.error.ApiException;
import dev.switchboard.common.error.BadRequestException;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.integration.AccountView;
import dev.switchboard.integration.IntegrationService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The onboarding flows of seed 002 against the Graph API (and Instagram Login), with the
 * caller's workspace's app: WhatsApp's Embedded Signup and health, the Instagram and
 * Messenger OAuth connects and the Messenger persistent menu. Accounts are stored only
 * after every platform call succeeded.
 */
@Component
class MetaOnboarding implements DisposableBean {

	private static final String PHONE_FIELDS = "display_phone_number,verified_name,quality_rating,"
			+ "code_verification_status,name_status,platform_type,throughput,status";

	private static final String WABA_FIELDS = "id,name,account_review_status,business_verification_status,"
			+ "currency,timezone_id,message_template_namespace";

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final IntegrationService integrations;

	private final ChannelService channels;

	private final MetaApps apps;

	private final InstagramLoginProperties instagram;

	private final Duration healthTimeout;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	MetaOnboarding(IntegrationService integrations, ChannelService channels, MetaApps apps,
			InstagramLoginProperties instagram, OnboardingProperties properties) {
		this.integrations = integrations;
		this.channels = channels;
		this.apps = apps;
		this.instagram = instagram;
		this.healthTimeout = properties.healthTimeout();
	}

	/**
	 * The WhatsApp account's phone number, business account and webhook subscription,
	 * asked in parallel, each within the timeout; a failed call is reported in the
	 * answer.
	 */
	ObjectNode health(UUID accountId) {
		ChannelAccount account = this.integrations.channelAccount(accountId);
		if (!account.channel().source().equals("whatsapp")) {
			throw new BadRequestException("Health is reported for WhatsApp accounts only.");
		}
		String token = account.config().getOrDefault("access_token", account.config().get("token"));
		if (!account.channel().connected() || token == null) {
			throw new BadRequestException("The account is disconnected; connect it again first.");
		}
		String phoneNumberId = account.channel().sourceChannelId();
		String wabaId = account.config().get("waba_id");
		MetaApp app = this.apps.app(CurrentMember.workspaceId(), "whatsapp");
		GraphApi graph = this.apps.graph(app);
		CompletableFuture<Outcome> phone = ask(() -> graph.get(token, Map.of("fields", PHONE_FIELDS), phoneNumberId));
		CompletableFuture<Outcome> waba = (wabaId != null)
				? ask(() -> graph.get(token, Map.of("fields", WABA_FIELDS), wabaId))
				: CompletableFuture.completedFuture(Outcome.failed("the account's config has no waba_id"));
		CompletableFuture<Outcome> subscribed = (wabaId != null)
				? ask(() -> graph.get(token, Map.of(), wabaId, "subscribed_apps"))
				: CompletableFuture.completedFuture(Outcome.failed("the account's config has no waba_id"));
		Outcome phoneOutcome = phone.join();
		Outcome wabaOutcome = waba.join();
		Outcome subscribedOutcome = subscribed.join();
		boolean subscribedOk = subscribedOutcome.error() == null && subscribes(subscribedOutcome.value(), app.appId());
		ObjectNode health = nodes.objectNode();
		health.put("account_id", account.channel().id().toString());
		health.put("display_name", account.channel().metadata().name());
		health.put("phone_number_id", phoneNumberId);
		health.put("waba_id", wabaId);
		health.put("healthy", phoneOutcome.error() == null && wabaOutcome.error() == null && subscribedOk);
		health.set("phone_number", phoneOutcome.body());
		health.set("waba", wabaOutcome.body());
		health.set("subscribed_apps", subscribedOutcome.body());
		health.put("subscribed_ok", subscribedOk);
		return health;
	}

	private CompletableFuture<Outcome> ask(Supplier<JsonNode> call) {
		return CompletableFuture.supplyAsync(call, this.calls)
			.orTimeout(this.healthTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((value, failure) -> (failure == null) ? new Outcome(value, null) : Outcome.failed(reason(failure)));
	}

	private String reason(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof TimeoutException) {
			return "the Graph API did not answer within " + this.healthTimeout.toMillis() + " ms";
		}
		if (cause instanceof GraphException graph) {
			return graph.describe();
		}
		return "the call failed";
	}

	/** Whether our app (any app, when its id is unknown) is subscribed. */
	private static boolean subscribes(JsonNode answer, String appId) {
		for (JsonNode app : answer.path("data")) {
			String id = app.path("whatsapp_business_api_data").path("id").asString(app.path("id").asString(""));
			if (appId == null || appId.isBlank() || appId.equals(id)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Embedded Signup's end: the code becomes a token, and the number is connected,
	 * registered and its business account subscribed before the account is stored.
	 */
	@Transactional
	Signup embeddedSignup(OnboardingRequests.EmbeddedSignup request) {
		MetaApp app = app("whatsapp");
		String token;
		try {
			token = exchangeCode(this.apps.graph(app), app, request.code(), null);
		}
		catch (GraphException ex) {
			throw codeError(ex, "WhatsApp");
		}
		Map<String, String> config = new LinkedHashMap<>();
		config.put("phone_number_id", request.phoneNumberId());
		config.put("waba_id", request.wabaId());
		config.put("access_token", token);
		if (request.pin() != null) {
			config.put("pin", request.pin());
		}
		AccountView account = this.integrations.connect("whatsapp", config, null);
		return new Signup(true, account.accountKey(), account.displayName(), request.wabaId(), request.phoneNumberId());
	}

	/**
	 * Instagram Login: the code becomes a short-lived and then a long-lived token, the
	 * profile is read and the account stored.
	 */
	@Transactional
	Connected connectInstagram(OnboardingRequests.OAuthCode request) {
		MetaApp app = app("instagram");
		GraphApi login = this.apps.graph(this.instagram.apiUrl());
		GraphApi graph = this.apps.graph(this.instagram.graphApiUrl());
		ChannelRegistration registration;
		try {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("client_id", app.appId());
			form.put("client_secret", app.appSecret());
			form.put("grant_type", "authorization_code");
			form.put("redirect_uri", request.redirectUri());
			form.put("code", request.code());
			JsonNode answer = login.postForm(form, "oauth", "access_token");
			JsonNode grant = answer.path("data").isArray() ? answer.path("data").path(0) : answer;
			String shortLived = grant.path("access_token").asString(null);
			if (shortLived == null) {
				throw new BadGatewayException("Instagram answered the code exchange without a token.");
			}
			Map<String, String> exchange = new LinkedHashMap<>();
			exchange.put("grant_type", "ig_exchange_token");
			exchange.put("client_secret", app.appSecret());
			exchange.put("access_token", shortLived);
			String longLived = graph.get(null, exchange, "access_token").path("access_token").asString(shortLived);
			JsonNode me = graph.get(longLived, Map.of("fields", "user_id,username,name,profile_picture_url"), "me");
			String accountId = me.path("user_id").asString(grant.path("user_id").asString(me.path("id").asString()));
			String username = me.path("username").asString(null);
			String name = me.path("name").asString((username != null) ? username : "Instagram account " + accountId);
			Map<String, String> settings = new LinkedHashMap<>();
			settings.put("account_id", accountId);
			if (username != null) {
				settings.put("username", username);
			}
			settings.put("login", "instagram");
			registration = new ChannelRegistration(accountId, name, me.path("profile_picture_url").asString(null),
					Map.of("access_token", longLived), settings);
		}
		catch (GraphException ex) {
			throw codeError(ex, "Instagram");
		}
		AccountView account = this.integrations.save("instagram", registration);
		return new Connected(true, account.accountKey(), account.displayName());
	}

	/**
	 * Facebook Login: the code becomes a long-lived user token, and the pages it manages
	 * are listed for selection.
	 */
	MessengerPages connectMessenger(OnboardingRequests.OAuthCode request) {
		MetaApp app = app("messenger");
		GraphApi graph = this.apps.graph(app);
		String userToken;
		try {
			userToken = graph.longLived(app.appId(), app.appSecret(),
					exchangeCode(graph, app, request.code(), request.redirectUri()));
		}
		catch (GraphException ex) {
			throw codeError(ex, "Facebook");
		}
		List<Page> pages = this.channels.explore("facebook", userToken)
			.stream()
			.map((page) -> new Page(page.pageId(), page.name(), page.imageUrl(), page.connected()))
			.toList();
		return new MessengerPages(userToken, pages);
	}

	/**
	 * Connects the selected pages: each page's token is read with the user token, and
	 * each page is subscribed and stored through the Messenger connector. All or none: a
	 * failure stores no page.
	 */
	@Transactional
	PagesConnected connectPages(OnboardingRequests.Pages request) {
		MetaApp app = app("messenger");
		GraphApi graph = this.apps.graph(app);
		List<AccountView> accounts = new ArrayList<>();
		for (String pageId : new LinkedHashSet<>(request.pageIds())) {
			JsonNode page;
			try {
				page = graph.get(request.userToken(), Map.of("fields", "id,name,access_token"), pageId);
			}
			catch (GraphException ex) {
				throw ex.toConnectError("Facebook");
			}
			String pageToken = page.path("access_token").asString(null);
			if (pageToken == null) {
				throw new BadRequestException("page_ids: the user token does not manage the page " + pageId);
			}
			Map<String, String> config = new LinkedHashMap<>();
			config.put("page_id", pageId);
			config.put("page_token", pageToken);
			accounts.add(this.integrations.connect("messenger", config, page.path("name").asString(null)));
		}
		return new PagesConnected(true, accounts);
	}

	/**
	 * Sets or deletes a Messenger account's persistent menu through the Messenger Profile
	 * API.
	 */
	MenuChanged persistentMenu(UUID accountId, OnboardingRequests.PersistentMenu request) {
		ChannelAccount account = this.integrations.channelAccount(accountId);
		if (!account.channel().source().equals("facebook")) {
			throw new BadRequestException("The persistent menu is for Messenger accounts only.");
		}
		boolean delete = Boolean.TRUE.equals(request.delete());
		if (!delete && (request.persistentMenu() == null || !request.persistentMenu().isArray()
				|| request.persistentMenu().isEmpty())) {
			throw new BadRequestException("persistent_menu: required (a non-empty array) unless delete is true");
		}
		String token = account.config().get("page_token");
		if (!account.channel().connected() || token == null) {
			throw new BadRequestException("The account is disconnected; connect it again first.");
		}
		GraphApi graph = this.apps.graph(this.apps.app(CurrentMember.workspaceId(), "messenger"));
		try {
			if (delete) {
				ObjectNode fields = nodes.objectNode();
				fields.putArray("fields").add("persistent_menu");
				graph.delete(token, Map.of(), fields, "me", "messenger_profile");
			}
			else {
				ObjectNode body = nodes.objectNode();
				body.set("persistent_menu", request.persistentMenu());
				graph.post(token, Map.of(), body, "me", "messenger_profile");
			}
		}
		catch (GraphException ex) {
			throw ex.toConnectError("Messenger");
		}
		return new MenuChanged(true, delete);
	}

	private MetaApp app(String channelType) {
		MetaApp app = this.apps.app(CurrentMember.workspaceId(), channelType);
		if (!app.canExchangeTokens()) {
			throw new BadRequestException("No app_id and app_secret for " + channelType
					+ ": set them with PUT /api/integrations/" + channelType + " first.");
		}
		return app;
	}

	private static String exchangeCode(GraphApi graph, MetaApp app, String code, String redirectUri) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("client_id", app.appId());
		query.put("client_secret", app.appSecret());
		if (redirectUri != null) {
			query.put("redirect_uri", redirectUri);
		}
		query.put("code", code);
		String token = graph.get(null, query, "oauth", "access_token").path("access_token").asString(null);
		if (token == null) {
			throw new BadGatewayException("The code exchange answered without a token.");
		}
		return token;
	}

	/**
	 * A refused code is a 400 with the platform's reason; an unreachable platform a 502.
	 */
	private static ApiException codeError(GraphException ex, String platform) {
		if (ex.isUnavailable()) {
			return new BadGatewayException(
					platform + " could not be reached or failed (" + ex.describe() + "); try again later.");
		}
		return new BadRequestException(platform + " rejected the code: " + ex.describe());
	}

	@Override
	public void destroy() {
		this.calls.shutdownNow();
	}

	/**
	 * Embedded Signup's answer.
	 *
	 * @param success always {@code true}
	 * @param accountKey the account's key
	 * @param displayName its name
	 * @param wabaId its WhatsApp Business Account
	 * @param phoneNumberId its phone number
	 */
	record Signup(boolean success, String accountKey, String displayName, String wabaId, String phoneNumberId) {
	}

	/**
	 * The Instagram connect's answer.
	 *
	 * @param success always {@code true}
	 * @param accountKey the account's key
	 * @param displayName its name
	 */
	record Connected(boolean success, String accountKey, String displayName) {
	}

	/**
	 * The pages a Facebook user manages, and the long-lived user token to connect them
	 * with.
	 *
	 * @param userToken the long-lived user token
	 * @param pages the pages
	 */
	record MessengerPages(String userToken, List<Page> pages) {

		@Override
		public String toString() {
			return "MessengerPages[pages=" + this.pages.size() + "]";
		}

	}

	/**
	 * A page for selection.
	 *
	 * @param id its id
	 * @param name its name
	 * @param pictureUrl its picture, if any
	 * @param connected whether the workspace has connected it
	 */
	record Page(String id, String name, @JsonInclude(JsonInclude.Include.NON_NULL) String pictureUrl,
			boolean connected) {
	}

	/**
	 * The connected pages.
	 *
	 * @param success always {@code true}
	 * @param accounts the accounts, one per page
	 */
	record PagesConnected(boolean success, List<AccountView> accounts) {
	}

	/**
	 * The persistent menu's change.
	 *
	 * @param success always {@code true}
	 * @param deleted whether it was deleted (else set)
	 */
	record MenuChanged(boolean success, boolean deleted) {
	}

	/**
	 * One health call's answer or error.
	 */
	private record Outcome(JsonNode value, String error) {

		static Outcome failed(String error) {
			return new Outcome(null, error);
		}

		JsonNode body() {
			return (this.error == null) ? this.value : nodes.objectNode().put("error", this.error);
		}

	}

}
