package dev.switchboard;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(SwitchboardApplication.class);

	@Test
	void featurePackagesDependOnlyOnWhatTheyDeclare() {
		this.modules.verify();
	}

	/**
	 * Every module and the modules it may use: a source sees the features below it and
	 * the shared source packages, never another platform; nothing below depends on a
	 * source.
	 */
	@Test
	void everyModuleDeclaresWhatItMayUse() {
		Map<String, Set<String>> expected = new TreeMap<>();
		expected.put("common", Set.of("(open)"));
		expected.put("workspace", Set.of("common"));
		expected.put("user", Set.of("common", "workspace"));
		expected.put("access", Set.of("common", "workspace"));
		expected.put("tag", Set.of("common"));
		expected.put("channel", Set.of("common"));
		expected.put("media", Set.of("common"));
		expected.put("realtime", Set.of("common", "workspace"));
		expected.put("conversation", Set.of("common", "workspace", "channel", "tag"));
		expected.put("message", Set.of("common", "channel", "conversation", "media", "user"));
		expected.put("template", Set.of("common", "message"));
		expected.put("compat", Set.of("common", "channel", "conversation"));
		expected.put("channelsapi", Set.of("common", "access", "channel", "media", "message"));
		expected.put("webhook", Set.of("common"));
		expected.put("source", Set.of("common"));
		expected.put("source.inbox", Set.of("common", "message"));
		expected.put("source.meta", Set.of("common", "channel", "integration", "source.inbox"));
		expected.put("integration", Set.of("common", "channel"));
		expected.put("source.chatplugin", Set.of("common", "channel", "conversation", "message", "realtime"));
		expected.put("source.facebook",
				Set.of("common", "channel", "conversation", "message", "source.inbox", "source.meta"));
		expected.put("source.whatsapp",
				Set.of("common", "channel", "conversation", "message", "source.inbox", "source.meta"));
		expected.put("source.twilio", Set.of("common", "channel", "message", "source", "source.inbox"));
		expected.put("source.google", Set.of("common", "channel", "message", "source", "source.inbox"));
		expected.put("source.email", Set.of("common", "channel", "media", "message"));
		expected.put("inbox", Set.of("common"));

		Map<String, Set<String>> declared = new TreeMap<>();
		this.modules.forEach((module) -> declared.put(module.getIdentifier().toString(),
				allowed(module.getBasePackage().getName())));

		assertThat(declared).isEqualTo(expected);
	}

	private static Set<String> allowed(String packageName) {
		try {
			ApplicationModule module = Class.forName(packageName + ".package-info")
				.getAnnotation(ApplicationModule.class);
			if (module.type() == ApplicationModule.Type.OPEN) {
				return Set.of("(open)");
			}
			return new TreeSet<>(Arrays.asList(module.allowedDependencies()));
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError(packageName + " has no package-info.java declaring its module", ex);
		}
	}

}
