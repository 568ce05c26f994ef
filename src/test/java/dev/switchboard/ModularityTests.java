package dev.switchboard;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Fails the build on a dependency cycle between feature packages or on one package
 * reaching into another's internals (anything but its public top-level types). STYLE.md
 * "Enforce it".
 */
class ModularityTests {

	@Test
	void featurePackagesHaveNoCyclesAndUseOnlyEachOthersPublicTypes() {
		ApplicationModules.of(SwitchboardApplication.class).verify();
	}

}
