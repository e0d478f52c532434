package dev.switchboard.source.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailTextTests {

	@Test
	void theQuoteUnderAnAttributionLineIsCut() {
		assertThat(MailText
			.withoutQuote("Yes, please.\n\nOn Mon, 2 Mar 2026, Acme <support@acme.test> wrote:\n> Shall we?"))
			.isEqualTo("Yes, please.");
	}

	@Test
	void anAttributionWrappedOverTwoLinesIsFound() {
		assertThat(MailText
			.withoutQuote("Ja.\n\nAm Mo., 2. März 2026 um 10:00 Uhr schrieb Acme\n<support@acme.test>:\n> Frage"))
			.isEqualTo("Ja.");
	}

	@Test
	void outlooksOriginalMessageSeparatorStartsTheQuote() {
		assertThat(MailText.withoutQuote("Done.\r\n\r\n-----Original Message-----\r\nFrom: Acme\r\nSent: Monday"))
			.isEqualTo("Done.");
	}

	@Test
	void quotedLinesAnsweredInlineAreKept() {
		String inline = "> Which size?\nLarge.\n> Which colour?\nRed.";
		assertThat(MailText.withoutQuote(inline)).isEqualTo(inline);
	}

	@Test
	void aMailThatIsOnlyAQuoteIsKeptWhole() {
		assertThat(MailText.withoutQuote("> forwarded words")).isEqualTo("> forwarded words");
	}

	@Test
	void htmlListsAndBreaksBecomeLines() {
		assertThat(MailText.fromHtml("<ul><li>one</li><li>two</li></ul>Bye<br>Ada<script>alert(1)</script>"))
			.isEqualTo("- one\n- two\n\nBye\nAda");
	}

	@Test
	void anOutlookReplyLosesTheMailItAnswers() {
		assertThat(MailText.fromHtml("<div>Fine.</div><div id=\"divRplyFwdMsg\"><b>From:</b> Acme</div>"))
			.isEqualTo("Fine.");
	}

}
