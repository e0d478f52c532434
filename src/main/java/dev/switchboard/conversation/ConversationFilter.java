package dev.switchboard.conversation;

import java.util.Map;

/** Stand-in until the Lucene translation lands: matches everything. */
final class ConversationFilter {

	static ConversationFilter parse(String query) {
		return new ConversationFilter();
	}

	String sql() {
		return "true";

	}

	Map<String, Object> parameters() {
		return Map.of();
	}

}
