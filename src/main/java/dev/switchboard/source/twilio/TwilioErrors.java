package dev.switchboard.source.twilio;

import java.util.Map;

/**
 * Readable reasons for the Twilio error codes an agent is likely to meet
 * (https://www.twilio.com/docs/api/errors), always naming the code.
 */
final class TwilioErrors {

	private static final Map<String, String> REASONS = Map.ofEntries(
			Map.entry("20003", "Twilio refused the account credentials (check account-sid and auth-token)"),
			Map.entry("21211", "The recipient's number is not a valid phone number"),
			Map.entry("21408", "The Twilio account may not send to this region"),
			Map.entry("21606", "The sending number cannot send this kind of message"),
			Map.entry("21610", "The recipient has unsubscribed from this number (replied STOP)"),
			Map.entry("21614", "The recipient's number is not a mobile number that can receive SMS"),
			Map.entry("30003", "The recipient's phone is unreachable"),
			Map.entry("30004", "The message was blocked by the recipient or the carrier"),
			Map.entry("30005", "The recipient's number is unknown or no longer in service"),
			Map.entry("30006", "The recipient's number is a landline or its carrier is unreachable"),
			Map.entry("30007", "The carrier filtered the message as spam"),
			Map.entry("30008", "The carrier reported an unknown error"),
			Map.entry("63016", "WhatsApp allows free-form messages only within 24 hours of the contact's last "
					+ "message; outside that window send an approved template"));

	private TwilioErrors() {
	}

	/**
	 * Says what went wrong, from Twilio's code and message.
	 * @param code Twilio's error code, or {@code null}
	 * @param message Twilio's own message, or {@code null}
	 */
	static String describe(String code, String message) {
		if (code == null || code.isBlank()) {
			return (message != null && !message.isBlank()) ? "Twilio refused the message: " + message
					: "Twilio refused the message";
		}
		String reason = REASONS.get(code);
		if (reason != null) {
			return reason + " (Twilio error " + code + ")";
		}
		return "Twilio error " + code + ((message != null && !message.isBlank()) ? ": " + message : "");
	}

}
