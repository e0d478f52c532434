package dev.switchboard.channelsapi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.IntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes every Channels API route with its schema, in the
 * camelCase the routes write.
 */
class ChannelsApiDocumentTests extends IntegrationTests {

	private static final String BASE = "/workspaces/{workspaceId}";

	private JsonNode document;

	@BeforeEach
	void fetchTheDocument() throws Exception {
		this.document = this.json
			.readTree(this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString());
	}

	@Test
	void everyRouteAnswersWithASchema() {
		List<String> routes = new ArrayList<>();
		this.document.path("paths")
			.properties()
			.stream()
			.filter((path) -> path.getKey().startsWith(BASE))
			.forEach((path) -> path.getValue().properties().forEach((operation) -> {
				routes.add(operation.getKey() + " " + path.getKey());
				JsonNode success = operation.getValue()
					.path("responses")
					.properties()
					.stream()
					.filter((response) -> response.getKey().startsWith("2"))
					.findFirst()
					.orElseThrow()
					.getValue();
				if (!operation.getKey().equals("delete")) {
					assertThat(success.path("content").toString()).as(operation.getKey() + " " + path.getKey())
						.contains("schema");
				}
			}));

		assertThat(routes).contains("get " + BASE + "/channels", "patch " + BASE + "/channels/{channelId}",
				"post " + BASE + "/channels/{channelId}/messages",
				"get " + BASE + "/channels/{channelId}/messages/{messageId}/interactions",
				"post " + BASE + "/channels/{channelId}/presigned-upload",
				"get " + BASE + "/messages/{messageId}/media/{mediaId}", "post " + BASE + "/connectors",
				"get " + BASE + "/connectors/{connectorId}/status", "delete " + BASE + "/connectors/{connectorId}");
	}

	@Test
	void theSchemasNameTheCamelCaseFields() {
		JsonNode schemas = this.document.path("components").path("schemas");
		JsonNode create = this.document.path("paths")
			.path(BASE + "/channels/{channelId}/messages")
			.path("post")
			.path("requestBody")
			.path("content")
			.path("application/json")
			.path("schema");
		JsonNode media = this.document.path("paths")
			.path(BASE + "/messages/{messageId}/media/{mediaId}")
			.path("get")
			.path("responses")
			.path("200")
			.path("content");

		assertThat(schemas.path("ApiMessage").path("properties").propertyNames()).contains("channelId", "lastStatusAt",
				"conversationId");
		assertThat(schemas.path("ApiChannel").path("properties").propertyNames()).contains("platformId", "createdAt");
		assertThat(schemas.path("ConnectorControllerApiStatus").path("properties").propertyNames())
			.contains("checkedAt");
		assertThat(create.path("$ref").asString()).endsWith("NewMessage");
		assertThat(media.propertyNames()).containsExactly("application/octet-stream");
	}

}
