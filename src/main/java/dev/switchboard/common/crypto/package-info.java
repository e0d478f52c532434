/**
 * Encryption of secrets at rest (platform tokens).
 */
package dev.switchboard.common.crypto;
