package dev.switchboard.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.switchboard.IntegrationTests;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorisation table of {@code docs/api.md} is the one the code declares, and every
 * endpoint declares its action and resource.
 */
class EndpointTableTests extends IntegrationTests {

	private static final String HEADING = "### Authorisation table";

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mapping;

	@Test
	void everyEndpointDeclaresItsActionAndResource() {
		Set<String> undeclared = new TreeSet<>();
		ours().forEach((info, method) -> {
			if (AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Endpoint.class) == null) {
				undeclared.addAll(names(info));
			}
		});

		assertThat(undeclared).as("endpoints without @Endpoint(action, resource)").isEmpty();
	}

	@Test
	void theApiNotesPublishTheTableTheCodeDeclares() throws IOException {
		String expected = table();
		String notes = Files.readString(Path.of("docs/api.md"));
		int heading = notes.indexOf(HEADING);
		assertThat(heading).as("docs/api.md has a section %s", HEADING).isNotNegative();
		int start = notes.indexOf("\n|", heading) + 1;
		int end = notes.indexOf("\n\n", start);
		String published = notes.substring(start, (end < 0) ? notes.length() : end + 1);

		assertThat(published).as("the table under %s in docs/api.md; it should read:%n%s", HEADING, expected)
			.isEqualTo(expected);
	}

	private String table() {
		Map<String, String> rows = new TreeMap<>();
		ours().forEach((info, method) -> {
			Endpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Endpoint.class);
			if (endpoint == null) {
				return;
			}
			List<String> names = endpoint.name().isEmpty() ? names(info) : List.of(endpoint.name());
			for (String name : names) {
				rows.put(name, row(name, endpoint));
			}
		});
		StringBuilder table = new StringBuilder();
		table.append("| endpoint | action | resource | caller | admin | supervisor | agent |\n");
		table.append("|---|---|---|---|---|---|---|\n");
		rows.values().forEach(table::append);
		return table.toString();
	}

	private static String row(String name, Endpoint endpoint) {
		List<String> cells = new ArrayList<>(List.of("`" + name + "`", endpoint.action().value(),
				"`" + endpoint.resource() + "`", caller(endpoint.audience())));
		for (Role role : Role.values()) {
			boolean allowed = switch (endpoint.audience()) {
				case PUBLIC -> true;
				case VISITOR -> false;
				case USER, MEMBER -> PolicyEngine.allows(RolePolicies.of(role), endpoint.action(), endpoint.resource());
			};
			cells.add(allowed ? "yes" : "");
		}
		StringBuilder row = new StringBuilder("|");
		cells.forEach((cell) -> row.append(cell.isEmpty() ? " |" : " " + cell + " |"));
		return row.append('\n').toString();
	}

	private static String caller(Audience audience) {
		return switch (audience) {
			case PUBLIC -> "public";
			case VISITOR -> "visitor token";
			case USER -> "user token";
			case MEMBER -> "user token or access key";
		};
	}

	private Map<RequestMappingInfo, HandlerMethod> ours() {
		Map<RequestMappingInfo, HandlerMethod> ours = new LinkedHashMap<>();
		this.mapping.getHandlerMethods().forEach((info, method) -> {
			if (method.getBeanType().getPackageName().startsWith("dev.switchboard")) {
				ours.put(info, method);
			}
		});
		return ours;
	}

	private static List<String> names(RequestMappingInfo info) {
		Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
		List<String> names = new ArrayList<>();
		for (String path : info.getPatternValues()) {
			boolean dotted = path.indexOf('.') > 0 && methods.equals(Set.of(RequestMethod.POST));
			if (dotted) {
				names.add(path.substring(1));
			}
			else if (methods.isEmpty()) {
				names.add("any " + path);
			}
			else {
				methods.forEach((method) -> names.add(method.name() + " " + path));
			}
		}
		return names;
	}

}
