package dev.switchboard.tag;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.switchboard.common.security.Action;
import dev.switchboard.common.security.Endpoint;
import dev.switchboard.common.web.Empty;
import dev.switchboard.tag.TagService.TagView;
import jakarta.validation.Valid;
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
 * {@code tags.*}. Agents may list tags; supervisors and admins manage them.
 */
@RestController
class TagController {

	static final String COLORS = "tag-red|tag-blue|tag-green|tag-purple";

	static final String COLOR_MESSAGE = "must be one of tag-red, tag-blue, tag-green, tag-purple";

	private final TagService tags;

	TagController(TagService tags) {
		this.tags = tags;
	}

	@Endpoint(action = Action.CREATE, resource = "/workspaces/{ws}/tags")
	@PostMapping("/tags.create")
	@ResponseStatus(HttpStatus.CREATED)
	TagView create(@Valid @RequestBody CreateTagRequest request) {
		return this.tags.create(request.name(), request.color());
	}

	@Endpoint(action = Action.UPDATE, resource = "/workspaces/{ws}/tags/{id}")
	@PostMapping("/tags.update")
	Empty update(@Valid @RequestBody UpdateTagRequest request) {
		this.tags.update(request.id(), request.name(), request.color());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.DELETE, resource = "/workspaces/{ws}/tags/{id}")
	@PostMapping("/tags.delete")
	Empty delete(@Valid @RequestBody TagIdRequest request) {
		this.tags.delete(request.id());
		return Empty.INSTANCE;
	}

	@Endpoint(action = Action.VIEW, resource = "/workspaces/{ws}/tags")
	@PostMapping("/tags.list")
	TagList list() {
		return new TagList(this.tags.list());
	}

	record CreateTagRequest(@NotBlank @Size(max = 100) String name,
			@NotNull @Pattern(regexp = COLORS, message = COLOR_MESSAGE) String color) {
	}

	record UpdateTagRequest(@NotNull UUID id,
			@Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 100) String name,
			@Pattern(regexp = COLORS, message = COLOR_MESSAGE) String color) {
	}

	record TagIdRequest(@NotNull UUID id) {
	}

	record TagList(List<TagView> tags) {

		/**
		 * The tags again, under the key Airy's clients read.
		 */
		@JsonProperty(value = "data", access = JsonProperty.Access.READ_ONLY)
		List<TagView> data() {
			return this.tags;
		}

	}

}
