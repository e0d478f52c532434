package dev.switchboard.workspace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.Api;
import dev.switchboard.Api.Response;
import dev.switchboard.IntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static dev.switchboard.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code workspaces.*}, logging in to a workspace and joining one. Signup is open here,
 * so that later signups can be seen joining the oldest workspace.
 */
@TestPropertySource(properties = "switchboard.auth.open-signup=true")
class WorkspaceTests extends IntegrationTests {

	@Test
	void theFirstSignupCreatesTheWorkspaceDefaultWithTheUserAsAdmin() {
		Response signup = this.api.post("/users.signup", null, body("first_name", "Ada", "last_name", "Admin", "email",
				"admin@example.com", "password", Api.PASSWORD));

		JsonNode workspaces = this.api.post("/workspaces.list", signup.text("token")).body().path("data");

		assertThat(workspaces).hasSize(1);
		assertThat(workspaces.get(0).propertyNames()).containsExactlyInAnyOrder("id", "name", "role");
		assertThat(workspaces.get(0).path("name").asString()).isEqualTo("Default");
		assertThat(workspaces.get(0).path("role").asString()).isEqualTo("admin");
		assertThat(workspaces.get(0).path("id").asString()).isEqualTo(signup.text("workspace_id"));
		assertThat(Workspaces.claims(signup.text("token")).path("workspace_id").asString())
			.isEqualTo(signup.text("workspace_id"));
	}

	@Test
	void anAdminCreatesAWorkspaceAndBecomesItsAdmin() {
		String admin = this.api.admin();

		Response created = this.api.post("/workspaces.create", admin, body("name", "  Support EU "));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().propertyNames()).containsExactlyInAnyOrder("id", "name", "created_at");
		assertThat(created.text("name")).isEqualTo("Support EU");
		assertThat(created.text("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		JsonNode workspaces = this.api.post("/workspaces.list", admin).body().path("data");
		assertThat(workspaces.findValuesAsString("name")).containsExactlyInAnyOrder("Default", "Support EU");
		assertThat(workspaces.findValuesAsString("role")).containsExactly("admin", "admin");
	}

	@Test
	void onlyAdminsCreateAndRenameWorkspacesAndANameIsRequired() {
		String admin = this.api.admin();
		String supervisor = this.api.user(admin, "supervisor");
		String agent = this.api.user(admin, "agent");

		for (String token : List.of(supervisor, agent)) {
			assertThat(this.api.post("/workspaces.create", token, body("name", "Mine")).status()).isEqualTo(403);
			assertThat(this.api.post("/workspaces.update", token, body("name", "Mine")).status()).isEqualTo(403);
		}
		Response blank = this.api.post("/workspaces.create", admin, body("name", " "));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.body().path("errors").findValuesAsString("field")).containsExactly("name");
		assertThat(this.api.post("/workspaces.update", admin, body()).status()).isEqualTo(400);
		assertThat(this.api.post("/workspaces.list", agent).body().path("data").findValuesAsString("name"))
			.containsExactly("Default");
	}

	@Test
	void switchingGivesATokenThatActsInTheOtherWorkspace() {
		String admin = this.api.admin();
		UUID beta = UUID.fromString(this.api.post("/workspaces.create", admin, body("name", "Beta")).text("id"));

		Response switched = this.api.post("/workspaces.switch", admin, body("workspace_id", beta));

		assertThat(switched.status()).isEqualTo(200);
		assertThat(switched.body().propertyNames()).containsExactlyInAnyOrder("id", "first_name", "last_name",
				"workspace_id", "token");
		assertThat(switched.text("workspace_id")).isEqualTo(beta.toString());
		String betaToken = switched.text("token");
		assertThat(Workspaces.claims(betaToken).path("workspace_id").asString()).isEqualTo(beta.toString());
		assertThat(this.api.post("/users.me", betaToken).text("role")).isEqualTo("admin");
		this.api.post("/tags.create", betaToken, body("name", "beta-only", "color", "tag-red"));
		this.api.post("/tags.create", admin, body("name", "default-only", "color", "tag-red"));
		assertThat(this.api.post("/tags.list", betaToken).body().path("tags").findValuesAsString("name"))
			.containsExactly("beta-only");
		assertThat(this.api.post("/tags.list", admin).body().path("tags").findValuesAsString("name"))
			.containsExactly("default-only");
	}

	@Test
	void switchingToAWorkspaceOneIsNoMemberOfIsNotFound() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String beta = this.api.post("/workspaces.create", admin, body("name", "Beta")).text("id");

		Response notMember = this.api.post("/workspaces.switch", agent, body("workspace_id", beta));
		Response unknown = this.api.post("/workspaces.switch", agent, body("workspace_id", UUID.randomUUID()));

		assertThat(notMember.status()).isEqualTo(404);
		assertThat(notMember.text("detail")).isEqualTo(unknown.text("detail"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(this.api.post("/workspaces.switch", agent, body("workspace_id", "nope")).status()).isEqualTo(400);
		assertThat(this.api.post("/workspaces.switch", null, body("workspace_id", beta)).status()).isEqualTo(401);
	}

	@Test
	void renamingChangesOnlyTheWorkspaceOfTheToken() {
		String admin = this.api.admin();
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");

		Response renamed = this.api.post("/workspaces.update", beta.token(), body("name", "Beta Team"));

		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.text("id")).isEqualTo(beta.id().toString());
		assertThat(renamed.text("name")).isEqualTo("Beta Team");
		assertThat(this.api.post("/workspaces.list", admin).body().path("data").findValuesAsString("name"))
			.containsExactlyInAnyOrder("Default", "Beta Team");
	}

	@Test
	void loginActsInTheWorkspaceAskedForElseTheOneUsedLast() {
		String admin = this.api.admin();
		String defaultId = workspaceOf(admin);
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");
		assertThat(login(null).text("workspace_id")).as("switching is using").isEqualTo(beta.id().toString());

		Response intoDefault = login(defaultId);
		assertThat(intoDefault.status()).isEqualTo(200);
		assertThat(intoDefault.text("workspace_id")).isEqualTo(defaultId);
		assertThat(Workspaces.claims(intoDefault.text("token")).path("workspace_id").asString()).isEqualTo(defaultId);
		assertThat(login(null).text("workspace_id")).isEqualTo(defaultId);

		Response intoBeta = login(beta.id().toString());
		assertThat(intoBeta.text("workspace_id")).isEqualTo(beta.id().toString());
		assertThat(this.api.post("/workspaces.list", intoBeta.text("token"))
			.body()
			.path("data")
			.get(0)
			.path("id")
			.asString()).as("the one used last comes first").isEqualTo(beta.id().toString());
		assertThat(login(null).text("workspace_id")).isEqualTo(beta.id().toString());
	}

	@Test
	void withoutALastUsedWorkspaceLoginPicksTheOldestMembership() {
		String admin = this.api.admin();
		String defaultId = workspaceOf(admin);
		this.api.post("/workspaces.create", admin, body("name", "Beta"));
		this.jdbc.sql("update memberships set last_used_at = null").update();

		assertThat(login(null).text("workspace_id")).isEqualTo(defaultId);
	}

	@Test
	void loginToAWorkspaceOneIsNoMemberOfIsNotFound() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		String email = this.api.post("/users.me", agent).text("email");
		String beta = this.api.post("/workspaces.create", admin, body("name", "Beta")).text("id");

		Response notMember = this.api.post("/users.login", null,
				body("email", email, "password", Api.PASSWORD, "workspace_id", beta));
		Response wrongPassword = this.api.post("/users.login", null,
				body("email", email, "password", "wrong", "workspace_id", beta));

		assertThat(notMember.status()).isEqualTo(404);
		assertThat(notMember.contentType()).isEqualTo("application/problem+json");
		assertThat(this.api
			.post("/users.login", null,
					body("email", email, "password", Api.PASSWORD, "workspace_id", UUID.randomUUID()))
			.status()).isEqualTo(404);
		assertThat(wrongPassword.status()).as("nothing about workspaces before the password").isEqualTo(401);
		assertThat(this.api.post("/users.login", null, body("email", email, "password", Api.PASSWORD))
			.text("workspace_id")).isEqualTo(workspaceOf(admin));
	}

	@Test
	void anInvitationJoinsTheInvitingWorkspaceOnly() {
		String admin = this.api.admin();
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");

		String supervisor = this.api.user(beta.token(), "supervisor");

		assertThat(Workspaces.claims(supervisor).path("workspace_id").asString()).isEqualTo(beta.id().toString());
		JsonNode memberships = this.api.post("/workspaces.list", supervisor).body().path("data");
		assertThat(memberships.findValuesAsString("name")).containsExactly("Beta");
		assertThat(memberships.findValuesAsString("role")).containsExactly("supervisor");
		String id = this.api.post("/users.me", supervisor).text("id");
		assertThat(this.api.post("/users.list", beta.token()).body().path("data").findValuesAsString("id"))
			.contains(id);
		assertThat(this.api.post("/users.list", admin).body().path("data").findValuesAsString("id")).doesNotContain(id);
	}

	@Test
	void invitingAUserOfAnotherWorkspaceAddsAMembershipWithItsOwnRole() {
		String admin = this.api.admin();
		String agent = this.api.user(admin, "agent");
		Response me = this.api.post("/users.me", agent);
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");

		Response invitation = this.api.post("/users.invite", beta.token(),
				body("email", me.text("email"), "role", "supervisor"));

		assertThat(invitation.status()).isEqualTo(201);
		assertThat(invitation.text("id")).isEqualTo(me.text("id"));
		assertThat(invitation.text("invitation_token")).as("nothing to accept").isNull();
		JsonNode memberships = this.api.post("/workspaces.list", agent).body().path("data");
		assertThat(memberships).hasSize(2);
		memberships.forEach((membership) -> assertThat(membership.path("role").asString())
			.isEqualTo(membership.path("id").asString().equals(beta.id().toString()) ? "supervisor" : "agent"));
		String inBeta = Workspaces.switchTo(this.api, agent, beta.id());
		assertThat(this.api.post("/users.me", inBeta).text("role")).isEqualTo("supervisor");
		assertThat(this.api.post("/users.me", agent).text("role")).isEqualTo("agent");
		assertThat(this.api.post("/users.list", agent).status()).as("still an agent in Default").isEqualTo(403);
		assertThat(this.api.post("/users.list", inBeta).status()).isEqualTo(200);
		assertThat(
				this.api.post("/users.invite", beta.token(), body("email", me.text("email"), "role", "agent")).status())
			.isEqualTo(409);
	}

	@Test
	void aTokenOfOneWorkspaceActsOnlyInIt() {
		String admin = this.api.admin();
		Workspaces.Workspace beta = Workspaces.create(this.api, admin, "Beta");

		this.api.post("/tags.create", admin, body("name", "vip", "color", "tag-red"));
		this.api.post("/channels.chatplugin.connect", admin, body("name", "Web"));
		Response invited = this.api.post("/users.invite", admin, body("email", "sam@example.com", "role", "agent"));
		this.api.post("/workspaces.update", admin, body("name", "Renamed"));

		assertThat(this.api.post("/tags.list", beta.token()).body().path("tags").isEmpty()).isTrue();
		assertThat(this.api.post("/channels.list", beta.token()).body().path("data").isEmpty()).isTrue();
		assertThat(this.api.post("/users.list", beta.token()).body().path("data").findValuesAsString("id"))
			.doesNotContain(invited.text("id"));
		assertThat(this.api.post("/workspaces.list", beta.token()).body().path("data").findValuesAsString("name"))
			.containsExactlyInAnyOrder("Renamed", "Beta");
		assertThat(this.api.post("/tags.create", beta.token(), body("name", "vip", "color", "tag-red")).status())
			.as("the name is free in Beta")
			.isEqualTo(201);
	}

	@Test
	void withOpenSignupLaterUsersJoinTheOldestWorkspaceAsAgents() {
		String admin = this.api.admin();
		String defaultId = workspaceOf(admin);
		this.api.post("/workspaces.create", admin, body("name", "Newer"));

		Response signup = this.api.post("/users.signup", null,
				body("first_name", "Al", "last_name", "Agent", "email", "al@example.com", "password", "secret1"));

		assertThat(signup.status()).isEqualTo(200);
		assertThat(signup.text("workspace_id")).isEqualTo(defaultId);
		JsonNode memberships = this.api.post("/workspaces.list", signup.text("token")).body().path("data");
		assertThat(memberships).hasSize(1);
		assertThat(memberships.get(0).path("id").asString()).isEqualTo(defaultId);
		assertThat(memberships.get(0).path("role").asString()).isEqualTo("agent");
	}

	private Response login(String workspaceId) {
		Map<String, Object> body = body("email", "admin@example.com", "password", Api.PASSWORD);
		if (workspaceId != null) {
			body.put("workspace_id", workspaceId);
		}
		Response response = this.api.post("/users.login", null, body);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response;
	}

	private String workspaceOf(String token) {
		return Workspaces.claims(token).path("workspace_id").asString();
	}

}
