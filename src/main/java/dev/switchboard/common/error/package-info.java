/**
 * Errors as RFC 9457 problem details: the exceptions features throw and the one advice
 * that renders every error.
 */
package dev.switchboard.common.error;
