package dev.switchboard.source.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that answers as scripted: what GreenMail cannot do, a {@code 4xx} or
 * {@code 5xx} at the end of a mail or for a recipient. It keeps every mail it accepted or
 * refused after the data.
 */
final class FakeSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	/** The answers to the next mails' data, then {@code 250}. */
	final Queue<String> dataAnswers = new ConcurrentLinkedQueue<>();

	/** The answer to every recipient. */
	volatile String recipientAnswer = "250 2.1.5 OK";

	final List<String> mails = new CopyOnWriteArrayList<>();

	FakeSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				Thread.ofVirtual().start(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1))) {
			OutputStream out = client.getOutputStream();
			answer(out, "220 fake.test ESMTP");
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase();
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					answer(out, "250 fake.test");
				}
				else if (command.startsWith("MAIL")) {
					answer(out, "250 2.1.0 OK");
				}
				else if (command.startsWith("RCPT")) {
					answer(out, this.recipientAnswer);
				}
				else if (command.startsWith("DATA")) {
					answer(out, "354 go ahead");
					StringBuilder mail = new StringBuilder();
					while ((line = in.readLine()) != null && !line.equals(".")) {
						mail.append(line).append("\n");
					}
					this.mails.add(mail.toString());
					String scripted = this.dataAnswers.poll();
					answer(out, (scripted != null) ? scripted : "250 2.0.0 queued");
				}
				else if (command.startsWith("QUIT")) {
					answer(out, "221 bye");
					return;
				}
				else {
					answer(out, "250 OK");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void answer(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
