package dev.switchboard.conversation;

/**
 * What a source knows about a contact when a conversation starts.
 *
 * @param displayName the name to show
 * @param firstName the first name, if known
 * @param lastName the last name, if known
 * @param avatarUrl the picture, if known
 */
public record ContactProfile(String displayName, String firstName, String lastName, String avatarUrl) {

	public static ContactProfile named(String displayName) {
		return new ContactProfile(displayName, null, null, null);
	}

}
