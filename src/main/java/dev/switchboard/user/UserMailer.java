package dev.switchboard.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends user mails over SMTP once their token is committed, off the request thread (so
 * that response times do not tell whether an account exists). Without SMTP configured, or
 * when sending fails, it logs a warning; it never logs the mail's body or token.
 */
@Component
class UserMailer {

	private static final Logger log = LoggerFactory.getLogger(UserMailer.class);

	private final ObjectProvider<JavaMailSender> sender;

	UserMailer(ObjectProvider<JavaMailSender> sender) {
		this.sender = sender;
	}

	@Async
	@TransactionalEventListener
	void send(UserMail mail) {
		JavaMailSender mailSender = this.sender.getIfAvailable();
		if (mailSender == null) {
			log.warn("Mail '{}' not sent: no SMTP server is configured (spring.mail.host)", mail.subject());
			return;
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setTo(mail.to());
		message.setSubject(mail.subject());
		message.setText(mail.body());
		try {
			mailSender.send(message);
		}
		catch (MailException ex) {
			log.warn("Mail '{}' not sent: {}", mail.subject(), ex.getClass().getSimpleName());
		}
	}

}
