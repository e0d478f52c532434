package dev.switchboard.source.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Recorded Meta webhook bodies of {@code fixtures/meta/}, for integration and unit tests
 * alike.
 */
public final class MetaFixtures {

	private MetaFixtures() {
	}

	/**
	 * A fixture with its {@code {{NAME}}} placeholders replaced.
	 * @param replacements names and their values, in pairs
	 */
	public static String read(String name, String... replacements) {
		try (InputStream in = MetaFixtures.class.getResourceAsStream("/fixtures/meta/" + name)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (int i = 0; i < replacements.length; i += 2) {
				text = text.replace("{{" + replacements[i] + "}}", replacements[i + 1]);
			}
			return text;
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("No fixture " + name, ex);
		}
	}

}
