package dev.switchboard.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class InboxPageTests extends IntegrationTests {

	private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/inbox/[^\"]+\\.(?:js|css))\"");

	private static final Pattern IMPORT = Pattern
		.compile("(?m)^\\s*(?:import|export)\\s[^'\"]*?from\\s*['\"]([^'\"]+)['\"]|^\\s*import\\s*['\"]([^'\"]+)['\"]");

	@Test
	void theInboxIsServedAtTheRootWithAStrictPolicyAndNoFraming() throws Exception {
		MockHttpServletResponse page = get("/");

		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(page.getForwardedUrl()).isEqualTo("/inbox/index.html");
		String policy = page.getHeader("Content-Security-Policy");
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
				"frame-ancestors 'none'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
		assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");

		MockHttpServletResponse html = get("/inbox/index.html");
		assertThat(html.getHeader("Content-Security-Policy")).isEqualTo(policy);
		assertThat(html.getContentAsString()).contains("<script type=\"module\" src=\"/inbox/app.js\"")
			.doesNotContain("<script>", "style=", "onload=", "onclick=");
	}

	@Test
	void theChatPluginAndTheApiKeepTheirOwnHeaders() throws Exception {
		MockHttpServletResponse demo = get("/chatplugin/demo.html");
		assertThat(demo.getStatus()).isEqualTo(200);
		assertThat(demo.getHeader("Content-Security-Policy")).isNull();
		assertThat(get("/chatplugin/widget.js").getHeader("Content-Security-Policy")).isNull();

		assertThat(this.api.post("/users.me", null).status()).isEqualTo(401);
		assertThat(this.api.post("/users.signup", null, "{}").status()).isEqualTo(400);
	}

	@Test
	void theStompLibraryComesFromItsWebJarWithoutItsVersionInThePath() throws Exception {
		MockHttpServletResponse library = get("/inbox/lib/stompjs/esm6/index.js");

		assertThat(library.getStatus()).isEqualTo(200);
		assertThat(library.getContentType()).contains("javascript");
		assertThat(get("/inbox/lib/stompjs/../../../application.properties").getStatus()).isIn(400, 404);
		assertThat(get("/inbox/missing.js").getStatus()).isEqualTo(404);
	}

	@Test
	void scriptsAndStylesWeighLessThan200KilobytesGzipped() throws Exception {
		Map<String, Integer> sizes = bundle();

		int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
		System.out.printf("The inbox's scripts and styles: %d files, %d bytes gzipped%n", sizes.size(), total);
		assertThat(sizes).containsKeys("/inbox/app.js", "/inbox/inbox.css", "/inbox/lib/stompjs/esm6/client.js");
		assertThat(total).isLessThan(200 * 1024);
	}

	@Test
	void theApiReferenceIsServedAtDocs() throws Exception {
		MockHttpServletResponse docs = get("/docs");
		assertThat(docs.getStatus()).isEqualTo(302);
		String location = docs.getHeader("Location");
		assertThat(location).contains("swagger-ui/index.html");

		MockHttpServletResponse ui = get(URI.create(location).getPath());
		assertThat(ui.getStatus()).isEqualTo(200);
		assertThat(ui.getContentAsString()).contains("swagger");
		assertThat(get("/v3/api-docs/swagger-config").getContentAsString()).contains("/v3/api-docs");
	}

	/** Every script the page loads, followed through its imports, and its stylesheet. */
	private Map<String, Integer> bundle() throws Exception {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		Deque<String> pending = new ArrayDeque<>();
		Matcher assets = ASSET.matcher(get("/inbox/index.html").getContentAsString());
		while (assets.find()) {
			pending.add(assets.group(1));
		}
		while (!pending.isEmpty()) {
			String path = pending.poll();
			if (sizes.containsKey(path)) {
				continue;
			}
			MockHttpServletResponse response = get(path);
			assertThat(response.getStatus()).as(path).isEqualTo(200);
			String body = response.getContentAsString();
			sizes.put(path, gzipped(response.getContentAsByteArray()));
			Matcher imports = IMPORT.matcher(body);
			while (imports.find()) {
				String specifier = (imports.group(1) != null) ? imports.group(1) : imports.group(2);
				pending.add(URI.create(path).resolve(specifier).getPath());
			}
		}
		return sizes;
	}

	private static int gzipped(byte[] content) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(content);
		}
		return out.size();
	}

	private MockHttpServletResponse get(String path) {
		return this.mvc.get().uri(path).exchange().getResponse();
	}

}
