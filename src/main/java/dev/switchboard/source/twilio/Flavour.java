package dev.switchboard.source.twilio;

/**
 * The two kinds of Twilio channel. Twilio names WhatsApp addresses {@code whatsapp:+…}
 * and SMS ones by the bare number, so an address tells which kind it belongs to.
 */
enum Flavour {

	SMS("twilio.sms", ""), WHATSAPP("twilio.whatsapp", "whatsapp:");

	private final String source;

	private final String prefix;

	Flavour(String source, String prefix) {
		this.source = source;
		this.prefix = prefix;
	}

	String source() {
		return this.source;
	}

	/**
	 * The Twilio address of a phone number on this kind of channel.
	 */
	String address(String phoneNumber) {
		return phoneNumber.startsWith(this.prefix) ? phoneNumber : this.prefix + phoneNumber;
	}

	/**
	 * The phone number of a Twilio address.
	 */
	static String number(String address) {
		return address.startsWith(WHATSAPP.prefix) ? address.substring(WHATSAPP.prefix.length()) : address;
	}

	static Flavour of(String address) {
		return (address != null && address.startsWith(WHATSAPP.prefix)) ? WHATSAPP : SMS;
	}

}
