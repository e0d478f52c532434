package dev.switchboard;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(SwitchboardApplication.class);

	@Test
	void featurePackagesDependOnlyOnWhatTheyDeclare() {
		this.modules.verify();
	}

	@Test
	void printModules() {
		this.modules.forEach((module) -> System.out.println("MODULE " + module.getIdentifier()));
	}

	@Test
	void everyFeatureIsAModule() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString())).contains("common", "user",
				"tag");
	}

}
