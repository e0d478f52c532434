package dev.switchboard.source.meta;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.channel.IntegrationSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The Meta app each workspace uses for a channel type, and a Graph client for its
 * version: a workspace's integration (seed 002) takes precedence over the properties, so
 * two workspaces can use two apps at once.
 */
@Component
public class MetaApps {

	private final FacebookProperties facebook;

	private final ObjectProvider<IntegrationSettings> settings;

	private final RestClient.Builder http;

	private final JsonMapper json;

	private final Map<String, GraphApi> clients = new ConcurrentHashMap<>();

	private final Map<String, MetaApp> typeDefaults = new ConcurrentHashMap<>();

	MetaApps(FacebookProperties facebook, ObjectProvider<IntegrationSettings> settings, RestClient.Builder http,
			JsonMapper json) {
		this.facebook = facebook;
		this.settings = settings;
		this.http = http;
		this.json = json;
	}

	/**
	 * The Messenger app of the properties, which every other default falls back to.
	 */
	public MetaApp defaults() {
		return new MetaApp(this.facebook.appId(), this.facebook.appSecret(), this.facebook.verifyToken(),
				this.facebook.graphApiUrl());
	}

	/**
	 * Declares a source's own defaults from the properties (WhatsApp's may differ from
	 * Messenger's), for {@link #app(UUID, String)}.
	 */
	public void useDefaults(String channelType, MetaApp defaults) {
		this.typeDefaults.put(channelType, defaults);
	}

	/**
	 * The app a workspace uses for a channel type, over the defaults its source declared
	 * (else Messenger's).
	 */
	public MetaApp app(UUID workspaceId, String channelType) {
		return app(workspaceId, channelType, this.typeDefaults.getOrDefault(channelType, defaults()));
	}

	/**
	 * The app a workspace uses for a channel type: its integration's settings over the
	 * given defaults. Instagram falls back to the workspace's Messenger app, as
	 * page-connected Instagram accounts are served by it.
	 * @param channelType {@code whatsapp}, {@code messenger} or {@code instagram}
	 * @param defaults the source's settings from the properties
	 */
	public MetaApp app(UUID workspaceId, String channelType, MetaApp defaults) {
		IntegrationSettings integrations = this.settings.getIfAvailable();
		if (integrations == null || workspaceId == null) {
			return defaults;
		}
		MetaApp app = defaults;
		if ("instagram".equals(channelType)) {
			app = app.with(integrations.config(workspaceId, "messenger"));
		}
		return app.with(integrations.config(workspaceId, channelType));
	}

	/**
	 * A Graph client of the app's base URL (one per URL).
	 */
	public GraphApi graph(MetaApp app) {
		return graph(app.graphApiUrl());
	}

	/**
	 * A client of a Graph-like API at a base URL (one per URL): Instagram's own.
	 */
	public GraphApi graph(String baseUrl) {
		return this.clients.computeIfAbsent(baseUrl, (url) -> new GraphApi(this.http.clone(), url, this.json));
	}

}
