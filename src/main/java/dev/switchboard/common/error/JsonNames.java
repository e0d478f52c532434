package dev.switchboard.common.error;

/**
 * Field names as clients see them: the API is snake_case.
 */
final class JsonNames {

	private JsonNames() {
	}

	static String snakeCase(String name) {
		StringBuilder result = new StringBuilder(name.length() + 4);
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				result.append('_').append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
