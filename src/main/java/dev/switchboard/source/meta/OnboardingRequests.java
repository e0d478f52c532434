package dev.switchboard.source.meta;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.switchboard.common.security.PlatformToken;

/**
 * The request bodies of the onboarding flows.
 */
final class OnboardingRequests {

	private OnboardingRequests() {
	}

	record EmbeddedSignup(@NotBlank @Size(max = 2048) String code,
			@NotBlank @Pattern(regexp = "\\d{1,32}", message = "must be a numeric id") String wabaId,
			@NotBlank @Pattern(regexp = "\\d{1,32}", message = "must be a numeric id") String phoneNumberId,
			@Pattern(regexp = "\\d{6}", message = "must be the 6-digit two-step verification PIN") String pin) {

		@Override
		public String toString() {
			return "EmbeddedSignup[wabaId=" + this.wabaId + ", phoneNumberId=" + this.phoneNumberId + "]";
		}

	}

	record OAuthCode(@NotBlank @Size(max = 2048) String code,
			@NotBlank @Size(max = 2048) @Pattern(regexp = "https?://\\S+",
					message = "must be the http(s) URL of the OAuth dialog") String redirectUri) {

		@Override
		public String toString() {
			return "OAuthCode[redirectUri=" + this.redirectUri + "]";
		}

	}

	record Pages(@PlatformToken String userToken, @NotEmpty @Size(max = 50) List<@NotNull @Pattern(regexp = "\\d{1,32}",
			message = "must be a numeric page id") String> pageIds) {

		@Override
		public String toString() {
			return "Pages[pageIds=" + this.pageIds + "]";
		}

	}

	record PersistentMenu(JsonNode persistentMenu, Boolean delete) {

		@Override
		public String toString() {
			return "PersistentMenu[delete=" + this.delete + "]";
		}

	}

}
