package dev.switchboard.source.facebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.source.meta.GraphApi;
import dev.switchboard.source.meta.GraphException;
import dev.switchboard.source.meta.MetaApp;
import dev.switchboard.source.meta.MetaApps;

import org.springframework.stereotype.Component;

/**
 * The Graph API calls of Messenger and Instagram.
 */
@Component
class FacebookGraph {

	static final String FACEBOOK = "facebook";

	static final String INSTAGRAM = "instagram";

	static final String SUBSCRIBED_FIELDS = "messages,messaging_postbacks,message_deliveries,message_reads,"
			+ "message_echoes,message_reactions";

	/** Bounds an explore walk, whatever the token can see. */
	private static final int MAX_PAGES = 50;

	private final GraphApi graph;

	private final MetaApps apps;

	FacebookGraph(MetaApps apps) {
		this.apps = apps;
		this.graph = apps.graph(apps.defaults());
	}

	/**
	 * The app the caller's workspace uses for a source: its integration's, else the
	 * properties'.
	 */
	MetaApp app(String source) {
		return this.apps.app(CurrentMember.workspaceId(), INSTAGRAM.equals(source) ? INSTAGRAM : "messenger",
				this.apps.defaults());
	}

	/**
	 * A long-lived token for the given one when the app id and secret are known; the
	 * given token otherwise.
	 */
	String longLived(MetaApp app, String token) {
		if (!app.canExchangeTokens()) {
			return token;
		}
		return this.apps.graph(app).longLived(app.appId(), app.appSecret(), token);
	}

	/**
	 * The page's name and picture, read with its token (which checks the token).
	 */
	Page page(MetaApp app, String pageId, String token) {
		JsonNode page = this.apps.graph(app).get(token, Map.of("fields", "id,name,picture"), pageId);
		return new Page(page.path("id").asString(pageId), page.path("name").asString(null),
				page.path("picture").path("data").path("url").asString(null));
	}

	/**
	 * Subscribes our app to the page's messaging webhooks.
	 */
	void subscribe(MetaApp app, String pageId, String token) {
		this.apps.graph(app)
			.post(token, Map.of("subscribed_fields", SUBSCRIBED_FIELDS), null, pageId, "subscribed_apps");
	}

	/**
	 * Whether our app is subscribed to the page's messaging webhooks.
	 */
	boolean subscribed(MetaApp app, String pageId, String token) {
		JsonNode subscribed = this.apps.graph(app).get(token, Map.of(), pageId, "subscribed_apps").path("data");
		for (JsonNode entry : subscribed) {
			if (app.appId() == null || app.appId().equals(entry.path("id").asString(""))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Every page a user token manages, following Graph's paging.
	 */
	List<Page> pages(MetaApp app, String userToken) {
		List<Page> pages = new ArrayList<>();
		String after = null;
		for (int walked = 0; walked < MAX_PAGES; walked++) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("fields", "id,name,picture");
			query.put("limit", "100");
			if (after != null) {
				query.put("after", after);
			}
			JsonNode answer = this.apps.graph(app).get(userToken, query, "me", "accounts");
			for (JsonNode page : answer.path("data")) {
				pages.add(new Page(page.path("id").asString(), page.path("name").asString(null),
						page.path("picture").path("data").path("url").asString(null)));
			}
			after = answer.path("paging").path("cursors").path("after").asString(null);
			if (answer.path("paging").path("next").isMissingNode() || after == null) {
				break;
			}
		}
		return pages;
	}

	/**
	 * A contact's public profile: {@code first_name, last_name, profile_pic} on
	 * Messenger, {@code name, profile_pic} on Instagram.
	 */
	JsonNode profile(String source, String contactId, String pageToken) {
		return this.graph.get(pageToken,
				Map.of("fields", INSTAGRAM.equals(source) ? "name,profile_pic" : "first_name,last_name,profile_pic"),
				contactId);
	}

	/**
	 * Sends through the Send API as the page of the token.
	 * @return the platform's message id
	 * @throws GraphException when Graph refuses or cannot be reached
	 */
	String send(String pageToken, JsonNode body) {
		return this.graph.post(pageToken, Map.of(), body, "me", "messages").path("message_id").asString(null);
	}

	/**
	 * A Facebook page.
	 *
	 * @param id its id
	 * @param name its name
	 * @param pictureUrl its picture
	 */
	record Page(String id, String name, String pictureUrl) {
	}

}
