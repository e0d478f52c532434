package dev.switchboard.tag;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

class TagTests extends IntegrationTests {

	@Test
	void createdTagsAreListedByName() {
		String admin = this.api.admin();

		Response created = this.api.post("/tags.create", admin, body("name", "vip", "color", "tag-red"));
		this.api.post("/tags.create", admin, body("name", "Billing", "color", "tag-blue"));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().propertyNames()).containsExactlyInAnyOrder("id", "name", "color");
		assertThat(created.text("color")).isEqualTo("tag-red");
		Response list = this.api.post("/tags.list", admin);
		List<String> names = new ArrayList<>();
		list.body().path("tags").forEach((tag) -> names.add(tag.path("name").asString()));
		assertThat(names).containsExactly("Billing", "vip");
		assertThat(list.body().path("tags").get(1).path("id").asString()).isEqualTo(created.text("id"));
	}

	@Test
	void namesAreUniqueWhateverTheirCase() {
		String admin = this.api.admin();
		this.api.post("/tags.create", admin, body("name", "VIP", "color", "tag-red"));

		Response clash = this.api.post("/tags.create", admin, body("name", "vip", "color", "tag-blue"));

		assertThat(clash.status()).isEqualTo(409);
		assertThat(clash.text("detail")).isEqualTo("A tag with this name already exists.");
		JsonNode tags = this.api.post("/tags.list", admin).body().path("tags");
		assertThat(tags).hasSize(1);
		assertThat(tags.get(0).path("color").asString()).isEqualTo("tag-red");
	}

	@Test
	void colorsAndNamesAreValidated() {
		String admin = this.api.admin();

		Response badColor = this.api.post("/tags.create", admin, body("name", "x", "color", "tag-pink"));
		assertThat(badColor.status()).isEqualTo(400);
		assertThat(badColor.body().path("errors").get(0).path("field").asString()).isEqualTo("color");
		assertThat(this.api.post("/tags.create", admin, body("color", "tag-red")).status()).isEqualTo(400);
		assertThat(this.api.post("/tags.create", admin, body("name", "  ", "color", "tag-red")).status())
			.isEqualTo(400);
	}

	@Test
	void updateRenamesAndRecolors() {
		String admin = this.api.admin();
		String id = this.api.post("/tags.create", admin, body("name", "old", "color", "tag-red")).text("id");

		Response renamed = this.api.post("/tags.update", admin, body("id", id, "name", "new"));
		Response recolored = this.api.post("/tags.update", admin, body("id", id, "color", "tag-green"));

		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.text()).isEqualTo("{}");
		assertThat(recolored.status()).isEqualTo(200);
		Response list = this.api.post("/tags.list", admin);
		assertThat(list.body().path("tags").get(0).path("name").asString()).isEqualTo("new");
		assertThat(list.body().path("tags").get(0).path("color").asString()).isEqualTo("tag-green");
	}

	@Test
	void updateErrors() {
		String admin = this.api.admin();
		String id = this.api.post("/tags.create", admin, body("name", "one", "color", "tag-red")).text("id");
		this.api.post("/tags.create", admin, body("name", "two", "color", "tag-red"));

		assertThat(this.api.post("/tags.update", admin, body("id", id, "name", "TWO")).status()).isEqualTo(409);
		assertThat(this.api.post("/tags.update", admin, body("id", id, "name", "One")).status()).isEqualTo(200);
		assertThat(this.api.post("/tags.update", admin, body("id", id, "color", "red")).status()).isEqualTo(400);
		assertThat(this.api.post("/tags.update", admin, body("id", "0d3a5e35-6f43-4c8e-9b6e-3c8f0b4b8e11", "name", "x"))
			.status()).isEqualTo(404);
		assertThat(this.api.post("/tags.update", admin, body("name", "x")).status()).isEqualTo(400);
	}

	@Test
	void deleteRemovesTheTag() {
		String admin = this.api.admin();
		String id = this.api.post("/tags.create", admin, body("name", "gone", "color", "tag-red")).text("id");

		Response deleted = this.api.post("/tags.delete", admin, body("id", id));

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.text()).isEqualTo("{}");
		assertThat(this.api.post("/tags.list", admin).body().path("tags").size()).isZero();
		assertThat(this.api.post("/tags.delete", admin, body("id", id)).status()).isEqualTo(404);
	}

	@Test
	void agentsListTagsButSupervisorsAndAdminsManageThem() {
		String admin = this.api.admin();
		String supervisor = this.api.user(admin, "supervisor");
		String agent = this.api.user(admin, "agent");

		Response bySupervisor = this.api.post("/tags.create", supervisor, body("name", "sup", "color", "tag-red"));
		assertThat(bySupervisor.status()).isEqualTo(201);
		String id = bySupervisor.text("id");
		assertThat(this.api.post("/tags.create", agent, body("name", "agent", "color", "tag-red")).status())
			.isEqualTo(403);
		assertThat(this.api.post("/tags.update", agent, body("id", id, "name", "x")).status()).isEqualTo(403);
		assertThat(this.api.post("/tags.delete", agent, body("id", id)).status()).isEqualTo(403);
		assertThat(this.api.post("/tags.list", agent).status()).isEqualTo(200);
		assertThat(this.api.post("/tags.create", agent, body("name", "agent", "color", "tag-red")).contentType())
			.isEqualTo("application/problem+json");
	}

}
