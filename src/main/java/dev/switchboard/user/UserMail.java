package dev.switchboard.user;

/**
 * A mail to a user carrying a one-time token, published by the service and sent after the
 * transaction that issued the token commits.
 *
 * @param to the recipient
 * @param subject the subject line
 * @param body the text, token included
 */
record UserMail(String to, String subject, String body) {

}
