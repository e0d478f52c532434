package dev.switchboard.common.web;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import dev.switchboard.channel.ChannelConnector;
import dev.switchboard.channel.ChannelView;
import dev.switchboard.common.pagination.Page;
import dev.switchboard.conversation.ConversationView;
import dev.switchboard.message.MessageContent;
import dev.switchboard.message.MessageView;
import dev.switchboard.workspace.WorkspaceView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTests extends IntegrationTests {

	private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

	private static final String PROBLEM = "#/components/schemas/Problem";

	@Autowired
	private List<ChannelConnector<?>> connectors;

	private JsonNode document;

	private JsonNode schemas;

	@BeforeEach
	void fetchTheDocument() throws Exception {
		String body = this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
		this.document = this.json.readTree(body);
		this.schemas = this.document.path("components").path("schemas");
	}

	@Test
	void everyPropertyNameIsSnakeCase() {
		// but the Channels API's (section 16 of the notes), which is camelCase as Bird's
		ObjectNode document = (ObjectNode) this.document.deepCopy();
		ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
		schemas.remove(schemas.propertyNames()
			.stream()
			.filter((name) -> name.startsWith("Api") || name.startsWith("ChannelsApiController")
					|| name.startsWith("ConnectorController") || name.startsWith("MediaController"))
			.toList());
		ObjectNode paths = (ObjectNode) document.path("paths");
		paths.remove(paths.propertyNames()
			.stream()
			.filter((path) -> path.startsWith("/workspaces/") || path.startsWith("/media/"))
			.toList());
		List<String> names = new ArrayList<>();
		collectPropertyNames(document, "", names);

		assertThat(names).hasSizeGreaterThan(100);
		assertThat(names).allSatisfy((name) -> assertThat(name.substring(name.lastIndexOf('.') + 1)).as(name)
			.matches(SNAKE_CASE)
			.doesNotContainPattern("[A-Z]"));
	}

	@Test
	void thePropertiesOfResponsesAreTheNamesTheApiWrites() {
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		JsonNode free = this.json.readTree("{\"a\":1}");
		ChannelView.Metadata metadata = new ChannelView.Metadata("Shop", "https://example.com/a.png");
		ChannelView channel = new ChannelView(id, id, "facebook", "123", metadata, true, "https://example.com/hook",
				true, Map.of(), id);
		MessageView message = new MessageView(id, id, new MessageContent.Text("hi"), "DELIVERED", "source_contact",
				new MessageView.Sender("42", "Ann"), now, "facebook", free, free);
		ConversationView conversation = new ConversationView(id,
				new ConversationView.Channel(id, "facebook", "facebook", "123", metadata, true), now,
				new ConversationView.Contact(id, "Ann", "Ann", "Lee", "https://example.com/ann.png"), List.of(id), free,
				"OPEN", free, 1, new ConversationView.Assignee(id, "Bob Lee"));

		assertWrittenAs(channel, "ChannelView");
		assertWrittenAs(metadata, "ChannelViewMetadata");
		assertWrittenAs(message, "MessageView");
		assertWrittenAs(message.sender(), "MessageViewSender");
		assertWrittenAs(conversation, "ConversationView");
		assertWrittenAs(conversation.channel(), "ConversationViewChannel");
		assertWrittenAs(conversation.contact(), "ConversationViewContact");
		assertWrittenAs(conversation.assignee(), "ConversationViewAssignee");
		assertWrittenAs(new WorkspaceView(id, "Acme", now), "WorkspaceView");
		assertWrittenAs(new Page.ResponseMetadata("a", "b", 1, 2), "PageResponseMetadata");
		for (MessageContent content : List.of(new MessageContent.Text("hi"),
				new MessageContent.Image("https://example.com/a.png", "a", "caption", "m1", "image/png"),
				new MessageContent.Location(1.5, 2.5, "there"), new MessageContent.Postback("Yes", "YES"),
				new MessageContent.Template(free))) {
			assertWrittenAs(content, "MessageContent" + content.getClass().getSimpleName());
		}
	}

	@Test
	void thePropertiesOfRequestsAreTheNamesTheApiReads() {
		JsonNode signup = schema(requestSchema("/users.signup"));
		Map<String, Object> body = new LinkedHashMap<>();
		signup.path("properties").propertyNames().forEach((name) -> body.put(name, switch (name) {
			case "email" -> "ann@example.com";
			case "password" -> "correct horse";
			default -> "Ann";
		}));

		Response response = this.api.post("/users.signup", null, body);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text("first_name")).isEqualTo("Ann");
	}

	@Test
	void requestsOfTheSameNameInDifferentControllersHaveTheirOwnSchemas() {
		String conversations = requestSchema("/conversations.list");
		String messages = requestSchema("/messages.list");
		String channels = requestSchema("/channels.list");

		assertThat(Set.of(conversations, messages, channels)).hasSize(3);
		assertThat(propertyNames(schema(conversations))).contains("filters").doesNotContain("conversation_id");
		assertThat(propertyNames(schema(messages))).contains("conversation_id", "order");
		assertThat(propertyNames(schema(channels))).containsExactly("source");
	}

	@Test
	void eachSourcesConnectEndpointTakesItsConnectorsRequest() {
		String facebook = requestSchema("/channels.facebook.connect");
		String whatsapp = requestSchema("/channels.whatsapp.connect");

		assertThat(facebook).isNotEqualTo(whatsapp);
		assertThat(propertyNames(schema(facebook))).contains("page_id", "page_token");
		assertThat(propertyNames(schema(whatsapp))).contains("phone_number_id", "user_token");
		assertThat(this.connectors).allSatisfy((connector) -> assertThat(
				propertyNames(schema(requestSchema("/channels." + connector.source() + ".connect"))))
			.as(connector.source())
			.containsExactlyInAnyOrderElementsOf(jsonNames(connector.requestType())));
	}

	@Test
	void messageContentIsOneOfItsTypesWithADiscriminator() {
		JsonNode content = this.schemas.path("MessageContent");
		JsonSubTypes subtypes = MessageContent.class.getAnnotation(JsonSubTypes.class);

		assertThat(this.schemas.path("MessageView").path("properties").path("content").path("$ref").asString())
			.isEqualTo("#/components/schemas/MessageContent");
		assertThat(content.path("oneOf")).hasSize(subtypes.value().length);
		assertThat(content.path("discriminator").path("propertyName").asString()).isEqualTo("type");
		for (JsonSubTypes.Type subtype : subtypes.value()) {
			String ref = content.path("discriminator").path("mapping").path(subtype.name()).asString();
			assertThat(ref).as(subtype.name()).isNotEmpty();
			assertThat(schema(ref).path("properties").path("type").path("enum").get(0).asString())
				.isEqualTo(subtype.name());
			assertThat(schema(ref).path("required").valueStream().map(JsonNode::asString)).contains("type");
		}
	}

	@Test
	void freeFormJsonIsAnyValueAndNullablePropertiesSayNull() {
		JsonNode message = this.schemas.path("MessageView").path("properties");
		JsonNode assignee = this.schemas.path("ConversationView").path("properties").path("assignee");

		assertThat(message.path("metadata").isEmpty()).isTrue();
		assertThat(message.path("source_content").isEmpty()).isTrue();
		assertThat(this.schemas.path("MessageContentTemplate").path("properties").path("template").isEmpty()).isTrue();
		assertThat(this.schemas.propertyNames())
			.noneMatch((name) -> name.contains("JsonNode") && !name.startsWith("Page"));
		assertThat(this.document.toString()).doesNotContain("\"pojo\"", "\"floatingPointNumber\"");
		assertThat(assignee.path("anyOf").toString()).contains("ConversationViewAssignee", "\"null\"");
	}

	@Test
	void everyOperationAnswersJsonAndItsErrorsAsProblems() {
		JsonNode problem = this.schemas.path("Problem");

		assertThat(propertyNames(problem)).contains("type", "title", "status", "detail", "instance", "errors");
		assertThat(this.document.toString()).doesNotContain("*/*");
		this.document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((method) -> {
			JsonNode operation = method.getValue();
			JsonNode responses = operation.path("responses");
			List<String> errors = new ArrayList<>(List.of("400", "404", "413", "415", "429"));
			if (!operation.path("security").isEmpty()) {
				errors.addAll(List.of("401", "403"));
			}
			for (String status : errors) {
				assertThat(responses.path(status)
					.path("content")
					.path("application/problem+json")
					.path("schema")
					.path("$ref")
					.asString()).as(path.getKey() + " " + status).isEqualTo(PROBLEM);
			}
			responses.properties()
				.stream()
				.filter((response) -> response.getKey().startsWith("2")
						&& response.getValue().path("content").toString().contains("$ref"))
				.forEach((response) -> assertThat(response.getValue().path("content").propertyNames()).as(path.getKey())
					.containsExactly("application/json"));
		}));
	}

	@Test
	void operationsNameTheCredentialsTheyTake() {
		JsonNode schemes = this.document.path("components").path("securitySchemes");

		assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.path("access_key").path("type").asString()).isEqualTo("apiKey");
		assertThat(schemes.path("access_key").path("in").asString()).isEqualTo("header");
		assertThat(schemes.path("access_key").path("name").asString()).isEqualTo("Authorization");
		assertThat(schemes.path("visitor").path("scheme").asString()).isEqualTo("bearer");
		assertThat(security("/tags.list")).containsExactly("bearer", "access_key");
		assertThat(security("/channels.facebook.connect")).containsExactly("bearer", "access_key");
		assertThat(security("/chatplugin.send")).containsExactly("visitor");
		assertThat(security("/chatplugin.messages")).containsExactly("visitor");
		assertThat(security("/chatplugin.resume-token")).containsExactly("visitor");
		assertThat(security("/chatplugin.authenticate")).isEmpty();
		assertThat(security("/users.login")).isEmpty();
		assertThat(security("/facebook")).isEmpty();
	}

	@Test
	void theDocumentIsSwitchboardsAndListsNoErrorPage() {
		assertThat(this.document.path("info").path("title").asString()).isEqualTo("Switchboard");
		assertThat(this.document.path("info").path("description").asString()).isNotBlank();
		assertThat(this.document.path("info").path("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
		assertThat(this.document.path("paths").has("/error")).isFalse();
	}

	private void assertWrittenAs(Object value, String schema) {
		Set<String> written = new HashSet<>(this.json.valueToTree(value).propertyNames());
		assertThat(propertyNames(this.schemas.path(schema))).as(schema).containsExactlyInAnyOrderElementsOf(written);
	}

	private String requestSchema(String path) {
		return this.document.path("paths")
			.path(path)
			.path("post")
			.path("requestBody")
			.path("content")
			.path("application/json")
			.path("schema")
			.path("$ref")
			.asString();
	}

	private JsonNode schema(String ref) {
		return this.schemas.path(ref.substring("#/components/schemas/".length()));
	}

	private List<String> security(String path) {
		List<String> schemes = new ArrayList<>();
		this.document.path("paths")
			.path(path)
			.path("post")
			.path("security")
			.forEach((requirement) -> schemes.addAll(requirement.propertyNames()));
		return schemes;
	}

	private static List<String> propertyNames(JsonNode schema) {
		return List.copyOf(schema.path("properties").propertyNames());
	}

	/** What the API's mapper calls the components of a record. */
	private List<String> jsonNames(Class<?> record) {
		var strategy = this.json.serializationConfig().getPropertyNamingStrategy();
		List<String> names = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			com.fasterxml.jackson.annotation.JsonProperty explicit = component
				.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
			names.add((explicit != null) ? explicit.value()
					: strategy.nameForField(this.json.serializationConfig(), null, component.getName()));
		}
		return names;
	}

	/**
	 * The names of every schema property in the document, with where they are; the
	 * entries of a {@code properties} map are names, whatever their schemas hold.
	 */
	private static void collectPropertyNames(JsonNode node, String where, List<String> names) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals("properties") && entry.getValue().isObject()) {
					entry.getValue().properties().forEach((property) -> {
						names.add(where + "." + property.getKey());
						collectPropertyNames(property.getValue(), where + "." + property.getKey(), names);
					});
				}
				else {
					collectPropertyNames(entry.getValue(), where, names);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach((item) -> collectPropertyNames(item, where, names));
		}
	}

}
