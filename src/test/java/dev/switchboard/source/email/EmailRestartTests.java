package dev.switchboard.source.email;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.Conversations;
import dev.switchboard.SwitchboardApplication;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.user.UserService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mailbox watched by polling across a restart of the service: the stored IMAP position
 * makes the new instance take exactly the mail it has not taken, and a mail too large to
 * read is recorded as unsupported without holding up the next one.
 */
class EmailRestartTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	@Test
	void aRestartRepeatsNoMailAndLosesNone() {
		try (Mailboxes mailboxes = new Mailboxes()) {
			try (ConfigurableApplicationContext first = start()) {
				UUID workspaceId = first.getBean(UserService.class)
					.signup("admin@example.com", "Ada", "Admin", "correct horse")
					.workspaceId();
				Conversations.asAdminOf(workspaceId, () -> first.getBean(ChannelService.class)
					.connect("email", first.getBean(JsonMapper.class).valueToTree(mailboxes.connectRequest())));
				mailboxes.deliver(Mailboxes.mail("<one@example.com>", "One", "before the restart"));
				await().atMost(WAIT).until(() -> texts(first).size() == 1);
			}
			mailboxes.deliver(Mailboxes.mail("<two@example.com>", "Two", "while it was down"));

			try (ConfigurableApplicationContext second = start()) {
				mailboxes.deliver(Mailboxes.mail("<three@example.com>", "Three", "after the restart"));
				await().atMost(WAIT).until(() -> texts(second).size() >= 3);
				assertThat(texts(second)).containsExactlyInAnyOrder("before the restart", "while it was down",
						"after the restart");

				mailboxes.deliver(Mailboxes.mail("<huge@example.com>", "Huge", "x".repeat(100 * 1024)));
				mailboxes.deliver(Mailboxes.mail("<four@example.com>", "Four", "after the huge one"));
				await().atMost(WAIT).until(() -> texts(second).contains("after the huge one"));
				JdbcClient jdbc = second.getBean(JdbcClient.class);
				List<String> unsupported = jdbc
					.sql("select source_content ->> 'reason' from messages where content ->> 'type' = 'unsupported'")
					.query(String.class)
					.list();
				assertThat(unsupported).singleElement().asString().startsWith("The mail is larger than 65536 bytes");
				assertThat(jdbc
					.sql("select metadata #>> '{source,subject}' from messages"
							+ " where content ->> 'type' = 'unsupported'")
					.query(String.class)
					.single()).isEqualTo("Huge");
			}
		}
	}

	private static List<String> texts(ConfigurableApplicationContext context) {
		return context.getBean(JdbcClient.class)
			.sql("select content ->> 'text' from messages where content ->> 'type' = 'text'")
			.query(String.class)
			.list();
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SwitchboardApplication.class).run("--server.port=0",
				"--switchboard.embedded-db.data-dir=" + this.directory, "--switchboard.embedded-db.durable=false",
				"--switchboard.sources.email.idle=false", "--switchboard.sources.email.poll-interval=200ms",
				"--switchboard.sources.email.max-size=64KB");
	}

}
