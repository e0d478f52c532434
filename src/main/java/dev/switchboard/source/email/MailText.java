package dev.switchboard.source.email;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The text of a mail as an agent wants to read it: HTML reduced to its text (jsoup), the
 * quoted history of earlier mails cut off.
 */
final class MailText {

	/** What mail clients wrap the quoted mail in. */
	private static final String QUOTES = "blockquote[type=cite], div.gmail_quote, div.gmail_extra, .moz-cite-prefix, "
			+ "div#divRplyFwdMsg, div#appendonsend, div.yahoo_quoted, div.OutlookMessageHeader";

	/** Elements that stand on lines of their own. */
	private static final Set<String> LINES = Set.of("div", "br", "li", "tr", "hr", "section", "article", "header",
			"footer", "address", "dt", "dd");

	/** Elements set apart by an empty line. */
	private static final Set<String> PARAGRAPHS = Set.of("p", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5",
			"h6", "blockquote", "pre");

	/** The line a client puts above the quoted mail: "On Mon, 1 Jan, Ada wrote:". */
	private static final Pattern ATTRIBUTION = Pattern.compile(
			"^\\s*(On|Am|Le|El|Il|Op)\\s.{0,400}(wrote|schrieb|a écrit|escribió|ha scritto|schreef)(\\s.{0,300})?\\s?:\\s*$");

	private static final Pattern OUTLOOK_SEPARATOR = Pattern
		.compile("^\\s*(-{2,}\\s*Original Message\\s*-{2,}|_{10,})\\s*$", Pattern.CASE_INSENSITIVE);

	private MailText() {
	}

	/**
	 * The text of an HTML body, without the quoted mail.
	 */
	static String fromHtml(String html) {
		Document document = Jsoup.parse(html);
		document.select("head, script, style, title").remove();
		document.select(QUOTES).remove();
		StringBuilder text = new StringBuilder();
		document.body().traverse(new NodeVisitor() {

			@Override
			public void head(Node node, int depth) {
				if (node instanceof TextNode textNode) {
					String words = textNode.getWholeText().replaceAll("\\s+", " ");
					if (text.isEmpty() || text.charAt(text.length() - 1) == '\n') {
						words = words.stripLeading();
					}
					text.append(words);
				}
				else if (node instanceof Element element) {
					breakLine(text, element);
					if (element.normalName().equals("li")) {
						text.append("- ");
					}
				}
			}

			@Override
			public void tail(Node node, int depth) {
				if (node instanceof Element element) {
					if (element.normalName().equals("a")) {
						String href = element.attr("href");
						if (href.startsWith("http") && !element.text().strip().equals(href)) {
							text.append(" (").append(href).append(')');
						}
					}
					if (!element.normalName().equals("br")) {
						breakLine(text, element);
					}
				}
			}

		});
		return tidy(text.toString());
	}

	/**
	 * Plain text without the quoted mail: from the attribution line, an Outlook separator
	 * or a last run of {@code >} lines on. A mail that is nothing but a quote is kept.
	 */
	static String withoutQuote(String text) {
		List<String> lines = text.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
		int cut = lines.size();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			boolean twoLineAttribution = i + 1 < lines.size()
					&& ATTRIBUTION.matcher(line + " " + lines.get(i + 1)).matches() && !line.isBlank();
			if (ATTRIBUTION.matcher(line).matches() || twoLineAttribution || OUTLOOK_SEPARATOR.matcher(line).matches()
					|| (line.startsWith(">") && restIsQuoted(lines, i))) {
				cut = i;
				break;
			}
		}
		String kept = tidy(String.join("\n", lines.subList(0, cut)));
		return kept.isEmpty() ? tidy(text) : kept;
	}

	private static boolean restIsQuoted(List<String> lines, int from) {
		return lines.subList(from, lines.size()).stream().allMatch((line) -> line.isBlank() || line.startsWith(">"));
	}

	/**
	 * Ends the line before or after a block element (with an empty line after a
	 * paragraph).
	 */
	private static void breakLine(StringBuilder text, Element element) {
		boolean paragraph = PARAGRAPHS.contains(element.normalName());
		if (!paragraph && !LINES.contains(element.normalName())) {
			return;
		}
		int end = text.length();
		while (end > 0 && text.charAt(end - 1) == ' ') {
			end--;
		}
		text.setLength(end);
		if (text.isEmpty()) {
			return;
		}
		if (element.normalName().equals("br")) {
			if (!text.toString().endsWith("\n\n")) {
				text.append('\n');
			}
			return;
		}
		String wanted = paragraph ? "\n\n" : "\n";
		while (!text.toString().endsWith(wanted) && !text.toString().endsWith("\n\n")) {
			text.append('\n');
		}
	}

	private static String tidy(String text) {
		return text.replace("\u0000", "")
			.replace('\u00a0', ' ')
			.replaceAll("[ \\t]+\n", "\n")
			.replaceAll("\n{3,}", "\n\n")
			.strip();
	}

}
