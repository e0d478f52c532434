package dev.switchboard.common.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What the API accepts as text: well-formed UTF-8 (no overlong encodings, no encoded
 * surrogates), no NUL character and no lone surrogate, whether raw or escaped in JSON.
 * PostgreSQL cannot store a NUL, and a lenient decoder would turn the rest into other
 * characters than the client sent ({@code C0 AF} into {@code /}, a lone surrogate into
 * {@code ?}).
 */
final class StrictText {

	static final String NOT_UTF8 = "The request body is not valid UTF-8.";

	static final String NUL = "The request body contains a NUL character (\\u0000), which no field accepts.";

	static final String LONE_SURROGATE = "The request body contains a lone surrogate escape (\\uD800 to \\uDFFF "
			+ "without its pair), which is no character.";

	private StrictText() {
	}

	/**
	 * Why a JSON body is refused, or {@code null} when its text is acceptable. Syntax is
	 * left to the JSON parser.
	 */
	static String jsonProblem(byte[] body) {
		CharBuffer text = decode(body);
		if (text == null) {
			return NOT_UTF8;
		}
		boolean inString = false;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.get(i);
			if (c == 0) {
				return NUL;
			}
			if (c == '"') {
				inString = !inString;
			}
			else if (c == '\\' && inString && i + 1 < length) {
				i++;
				if (text.get(i) == 'u') {
					int unit = hex(text, i + 1);
					if (unit == 0) {
						return NUL;
					}
					if (Character.isLowSurrogate((char) unit)) {
						return LONE_SURROGATE;
					}
					if (Character.isHighSurrogate((char) unit)) {
						int low = (i + 6 < length && text.get(i + 5) == '\\' && text.get(i + 6) == 'u')
								? hex(text, i + 7) : -1;
						if (low < 0 || !Character.isLowSurrogate((char) low)) {
							return LONE_SURROGATE;
						}
						i += 6;
					}
					i += 4;
				}
			}
		}
		return null;
	}

	/**
	 * Whether a raw query string ({@code a=b&c=%C3%A9}) decodes to acceptable text:
	 * percent escapes well formed, the bytes well-formed UTF-8, no NUL.
	 */
	static boolean isAcceptableQuery(String query) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				int high = (i + 2 < query.length()) ? Character.digit(query.charAt(i + 1), 16) : -1;
				int low = (high >= 0) ? Character.digit(query.charAt(i + 2), 16) : -1;
				if (low < 0) {
					return false;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c > 0x7E || c < 0x20) {
				return false;
			}
			else {
				bytes.write(c);
			}
		}
		CharBuffer text = decode(bytes.toByteArray());
		return text != null && text.chars().noneMatch((c) -> c == 0);
	}

	/**
	 * Whether a header value holds only printable ASCII and spaces, as every token and
	 * key the API issues does.
	 */
	static boolean isPrintableAscii(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E);
	}

	private static CharBuffer decode(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static int hex(CharBuffer text, int start) {
		if (start + 4 > text.length()) {
			return -1;
		}
		int value = 0;
		for (int i = start; i < start + 4; i++) {
			int digit = Character.digit(text.get(i), 16);
			if (digit < 0) {
				return -1;
			}
			value = value * 16 + digit;
		}
		return value;
	}

}
