package dev.switchboard.source.google;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A Business Messages webhook event, as much of it as is read. Google's JSON is
 * camelCase, hence the naming on every record. Times stay text: one Google formats oddly
 * is dropped, not the event.
 *
 * @param agent the agent, {@code brands/…/agents/<id>}
 * @param conversationId the conversation, the contact's id
 * @param requestId the event's id
 * @param sendTime when Google sent the event
 * @param context who the contact is
 * @param message a message the contact wrote
 * @param suggestionResponse a suggestion the contact chose
 * @param receipts receipts for our messages
 * @param userStatus what the contact asks for
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
record GooglePayload(String agent, String conversationId, String requestId, String sendTime, Context context,
		Message message, SuggestionResponse suggestionResponse, Receipts receipts, UserStatus userStatus) {

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record Context(UserInfo userInfo) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record UserInfo(String displayName) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record Message(String messageId, String name, String text, String createTime, Image image) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record Image(ContentInfo contentInfo) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record ContentInfo(String fileUrl, String altText) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record SuggestionResponse(String message, String postbackData, String text, String createTime) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record Receipts(List<Receipt> receipts, String createTime) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record Receipt(String message, String receiptType) {

	}

	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record UserStatus(Boolean requestedLiveAgent) {

	}

}
