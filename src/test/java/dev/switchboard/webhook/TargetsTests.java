package dev.switchboard.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.common.error.InvalidFieldsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetsTests {

	@Test
	void onlyHttpsIsAcceptedUnlessHttpIsAllowed() {
		Targets strict = targets(false, false, "93.184.216.34");
		assertThat(strict.check("https://hooks.example.com/in")).hasHost("hooks.example.com");
		assertThatExceptionOfType(InvalidFieldsException.class)
			.isThrownBy(() -> strict.check("http://hooks.example.com/in"));
		assertThat(targets(true, false, "93.184.216.34").check("http://hooks.example.com/in")).hasScheme("http");
	}

	@Test
	void loopbackPrivateLinkLocalAndMulticastAddressesAreRefused() throws Exception {
		for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"224.0.0.1", "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "ff02::1",
				"255.255.255.255")) {
			assertThat(Targets.isPublic(InetAddress.getByName(address))).as(address).isFalse();
			Targets targets = targets(false, false, address);
			assertThatExceptionOfType(InvalidFieldsException.class).as(address)
				.isThrownBy(() -> targets.check("https://hooks.example.com/in"));
		}
		for (String address : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111")) {
			assertThat(Targets.isPublic(InetAddress.getByName(address))).as(address).isTrue();
		}
	}

	@Test
	void privateTargetsAreAcceptedWhenAllowed() {
		assertThat(targets(true, true, "127.0.0.1").check("http://localhost:8080/in")).hasPort(8080);
	}

	@Test
	void aNameWithOnePrivateAddressAmongPublicOnesIsRefused() {
		Targets targets = new Targets((host) -> new InetAddress[] { InetAddress.getByName("93.184.216.34"),
				InetAddress.getByName("10.0.0.1") }, properties(false, false));
		assertThatExceptionOfType(InvalidFieldsException.class)
			.isThrownBy(() -> targets.check("https://hooks.example.com/in"));
	}

	private static Targets targets(boolean allowHttp, boolean allowPrivate, String address) {
		return new Targets((host) -> new InetAddress[] { InetAddress.getByName(address) },
				properties(allowHttp, allowPrivate));
	}

	static WebhookProperties properties(boolean allowHttp, boolean allowPrivate) {
		return new WebhookProperties(allowHttp, allowPrivate, Duration.ofSeconds(10), Duration.ofSeconds(15),
				List.of(Duration.ofSeconds(5)), 0.1, Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMillis(250),
				64, 8, 100, 4);
	}

}
