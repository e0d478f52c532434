package dev.switchboard.common.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client a request came from, as the rate limits count it.
 */
public final class ClientAddress {

	private static final int IPV6_PREFIX_BYTES = 8;

	private ClientAddress() {
	}

	/**
	 * The request's remote address, which is the client's own behind a proxy only when
	 * {@code server.forward-headers-strategy} is set. An IPv6 address stands for its /64
	 * network ({@code 2001:db8:1:2:0:0:0:0/64}), since one client usually holds a whole
	 * /64 and could otherwise pick a new address for every request.
	 */
	public static String of(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null || address.indexOf(':') < 0) {
			return (address != null) ? address : "";
		}
		try {
			// in brackets a literal is parsed, never looked up (a forwarded address
			// may be any text)
			InetAddress parsed = InetAddress.getByName("[" + address + "]");
			if (parsed instanceof Inet6Address) {
				byte[] bytes = parsed.getAddress();
				Arrays.fill(bytes, IPV6_PREFIX_BYTES, bytes.length, (byte) 0);
				return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
			}
			return parsed.getHostAddress();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
