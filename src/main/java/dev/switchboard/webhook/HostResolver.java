package dev.switchboard.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to its addresses. Every delivery resolves once, checks what it
 * got, and connects to exactly those addresses.
 */
@FunctionalInterface
interface HostResolver {

	InetAddress[] resolve(String host) throws UnknownHostException;

}
