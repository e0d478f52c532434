package dev.switchboard.user;

import java.util.List;
import java.util.UUID;

import dev.switchboard.common.pagination.Page;
import dev.switchboard.common.pagination.PageRequest;
import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Audience;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.security.Role;
import dev.switchboard.common.web.ClientAddress;
import dev.switchboard.common.web.Empty;
import dev.switchboard.user.UserService.Authenticated;
import dev.switchboard.user.UserService.Invitation;
import dev.switchboard.user.UserService.UserView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code users.*}: signup, login, password reset, invitations, roles; and
 * {@code workspaces.switch}, which issues a token as login does.
 */
@RestController
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@Endpoint(action = Action.CREATE, resource = "/users", audience = Audience.PUBLIC)
	@PostMapping("/users.signup")
	AuthResponse signup(@Valid @RequestBody SignupRequest request) {
		return AuthResponse
			.of(this.users.signup(request.email(), request.firstName(), request.lastName(), request.password()));
	}

	@Endpoint(action = Action.CREATE, resource = "/sessions", audience = Audience.PUBLIC)
	@PostMapping("/users.login")
	AuthResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		return AuthResponse
			.of(this.users.login(request.email(), request.password(), request.workspaceId(), ClientAddress.of(http)));
	}

	/** {@code workspaces.switch}: a token for another of the caller's workspaces. */
	@Endpoint(action = Action.CREATE, resource = "/users/me/sessions", audience = Audience.USER)
	@PostMapping("/workspaces.switch")
	AuthResponse switchWorkspace(@Valid @RequestBody SwitchRequest request) {
		return AuthResponse.of(this.users.switchWorkspace(CurrentMember.get().userId(), request.workspaceId()));
	}

	@Endpoint(action = Action.CREATE, resource = "/password-resets", audience = Audience.PUBLIC)
	@PostMapping("/users.request-password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Empty requestPasswordReset(@Valid @RequestBody PasswordResetRequest request, HttpServletRequest http) {
		this.users.requestPasswordReset(request.email(), ClientAddress.of(http));
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.UPDATE, resource = "/password-resets", audience = Audience.PUBLIC)
	@PostMapping("/users.password-reset")
	Empty resetPassword(@Valid @RequestBody ResetPasswordRequest request) {
		this.users.resetPassword(request.token(), request.newPassword());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/members", audience = Audience.USER)
	@PostMapping("/users.invite")
	@ResponseStatus(HttpStatus.CREATED)
	InvitationResponse invite(@Valid @RequestBody InviteRequest request) {
		Invitation invitation = this.users.invite(request.email(), Role.of(request.role()));
		return new InvitationResponse(invitation.userId(), invitation.email(), invitation.role(), invitation.token());
	}

	@Endpoint(action = Action.UPDATE, resource = "/invitations", audience = Audience.PUBLIC)
	@PostMapping("/users.accept-invitation")
	AuthResponse acceptInvitation(@Valid @RequestBody AcceptInvitationRequest request) {
		return AuthResponse.of(this.users.acceptInvitation(request.token(), request.firstName(), request.lastName(),
				request.password()));
	}

	@Endpoint(action = Action.VIEW, resource = "/users/me", audience = Audience.USER)
	@PostMapping("/users.me")
	UserView me() {
		return this.users.find(CurrentMember.get().userId());
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/members", audience = Audience.USER)
	@PostMapping("/users.list")
	Page<UserView> list(@Valid @RequestBody(required = false) PageRequest request) {
		return this.users.list((request != null) ? request : PageRequest.first());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/members/{user_id}", audience = Audience.USER)
	@PostMapping("/users.update-role")
	UserView updateRole(@Valid @RequestBody UpdateRoleRequest request) {
		return this.users.updateRole(request.userId(), Role.of(request.role()));
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/members/{user_id}", audience = Audience.USER)
	@PostMapping("/users.deactivate")
	UserView deactivate(@Valid @RequestBody UserRequest request) {
		return this.users.deactivate(request.userId());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/members/{user_id}", audience = Audience.USER)
	@PostMapping("/users.reactivate")
	UserView reactivate(@Valid @RequestBody UserRequest request) {
		return this.users.reactivate(request.userId());
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/members/{user_id}", audience = Audience.USER)
	@PostMapping("/users.remove")
	Empty remove(@Valid @RequestBody UserRequest request) {
		this.users.remove(request.userId());
		return Empty.INSTANCE;

	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/members/{user_id}/divisions",
			audience = Audience.USER)
	@PostMapping("/users.set-divisions")
	UserView setDivisions(@Valid @RequestBody SetDivisionsRequest request) {
		return this.users.setDivisions(request.userId(), request.divisionIds());
	}

	/**
	 * Emails are validated as the service will store them: without surrounding blanks.
	 */
	private static String trim(String email) {
		return (email != null) ? email.trim() : null;
	}

	static final String ROLES = "admin|supervisor|agent";

	static final String ROLE_MESSAGE = "must be one of admin, supervisor, agent";

	record SignupRequest(@NotBlank @Size(max = 100) String firstName, @NotBlank @Size(max = 100) String lastName,
			@NotBlank @Email @Size(max = 254) String email, @NotNull @Size(min = 6, max = 128) String password) {

		SignupRequest {
			email = trim(email);
		}

	}

	record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 128) String password,
			UUID workspaceId) {
	}

	record PasswordResetRequest(@NotBlank @Email @Size(max = 254) String email) {

		PasswordResetRequest {
			email = trim(email);
		}

	}

	record ResetPasswordRequest(@NotBlank @Size(max = 200) String token,
			@NotNull @Size(min = 6, max = 128) String newPassword) {
	}

	record InviteRequest(@NotBlank @Email @Size(max = 254) String email,
			@NotNull @Pattern(regexp = ROLES, message = ROLE_MESSAGE) String role) {

		InviteRequest {
			email = trim(email);
		}

	}

	record AcceptInvitationRequest(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 100) String firstName,
			@NotBlank @Size(max = 100) String lastName, @NotNull @Size(min = 6, max = 128) String password) {
	}

	record UpdateRoleRequest(@NotNull UUID userId,
			@NotNull @Pattern(regexp = ROLES, message = ROLE_MESSAGE) String role) {
	}

	record SwitchRequest(@NotNull UUID workspaceId) {
	}

	record UserRequest(@NotNull UUID userId) {

	}

	record SetDivisionsRequest(@NotNull UUID userId, @NotNull @Size(max = 1000) List<@NotNull UUID> divisionIds) {
	}

	record AuthResponse(UUID id, String firstName, String lastName, UUID workspaceId, String token) {

		static AuthResponse of(Authenticated authenticated) {
			return new AuthResponse(authenticated.user().id(), authenticated.user().firstName(),
					authenticated.user().lastName(), authenticated.workspaceId(), authenticated.token());
		}

	}

	record InvitationResponse(UUID id, String email, Role role, String invitationToken) {
	}

}
