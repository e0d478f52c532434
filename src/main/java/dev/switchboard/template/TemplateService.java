package dev.switchboard.template;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.error.NotFoundException;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.message.MessageService;
import dev.switchboard.message.MessageTemplates;
import dev.switchboard.template.TemplateRepository.TemplateRow;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Templates of the caller's workspace. A template's content is a message as
 * {@code messages.send} takes it, checked when it is saved as a message of its source
 * (any source's when it has none), so a template a source cannot carry is never saved.
 */
@Service
class TemplateService implements MessageTemplates {

	static final int MAX_TEMPLATES = 1000;

	private final TemplateRepository templates;

	private final MessageService messages;

	private final JsonMapper json;

	private final Clock clock;

	TemplateService(TemplateRepository templates, MessageService messages, JsonMapper json, Clock clock) {
		this.templates = templates;
		this.messages = messages;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Saves a template.
	 * @throws dev.switchboard.common.error.BadRequestException when the content is no
	 * message the source can carry, or the source is unknown
	 * @throws ConflictException when the name is taken for the source, or the workspace
	 * has too many templates
	 */
	@Transactional
	TemplateView create(String name, String source, JsonNode content) {
		UUID workspaceId = CurrentMember.workspaceId();
		this.messages.content(source, content, "content");
		if (this.templates.count(workspaceId) >= MAX_TEMPLATES) {
			throw new ConflictException("A workspace has at most " + MAX_TEMPLATES + " templates.");
		}
		Instant now = this.clock.instant();
		TemplateRow row = new TemplateRow(UUID.randomUUID(), name.trim(), source, content.toString(), now, now);
		try {
			this.templates.insert(workspaceId, row);
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken();
		}
		return view(row);
	}

	/**
	 * Renames a template and/or replaces its content; {@code null} keeps a field.
	 */
	@Transactional
	TemplateView update(UUID id, String name, JsonNode content) {
		UUID workspaceId = CurrentMember.workspaceId();
		TemplateRow row = this.templates.find(workspaceId, id).orElseThrow(TemplateService::notFound);
		if (content != null) {
			this.messages.content(row.source(), content, "content");
		}
		TemplateRow changed = row.changed((name != null) ? name.trim() : row.name(),
				(content != null) ? content.toString() : row.content(), this.clock.instant());
		try {
			this.templates.update(workspaceId, changed);
		}
		catch (DuplicateKeyException ex) {
			throw nameTaken();
		}
		return view(changed);
	}

	@Transactional
	void delete(UUID id) {
		if (!this.templates.delete(CurrentMember.workspaceId(), id)) {
			throw notFound();
		}
	}

	@Transactional(readOnly = true)
	TemplateView info(UUID id) {
		return this.templates.find(CurrentMember.workspaceId(), id)
			.map(this::view)
			.orElseThrow(TemplateService::notFound);
	}

	/**
	 * The templates usable on a source ({@code null}: all), whose name contains a text
	 * ({@code null}: any), in name order.
	 */
	@Transactional(readOnly = true)
	List<TemplateView> list(String source, String nameContains) {
		return this.templates.list(CurrentMember.workspaceId(), source, nameContains, MAX_TEMPLATES)
			.stream()
			.map(this::view)
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<SavedMessage> find(UUID workspaceId, UUID templateId) {
		return this.templates.find(workspaceId, templateId)
			.map((row) -> new SavedMessage(row.source(), this.json.readTree(row.content())));
	}

	private TemplateView view(TemplateRow row) {
		return new TemplateView(row.id(), row.name(), row.source(), this.json.readTree(row.content()), row.createdAt(),
				row.updatedAt());
	}

	private static ConflictException nameTaken() {
		return new ConflictException("A template with this name already exists for this source.");
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such template.");
	}

	/**
	 * A template as the API shows it.
	 *
	 * @param id the template id
	 * @param name its name
	 * @param source the only source it is for, or {@code null} for every source
	 * @param content the message, as {@code messages.send} takes it
	 * @param createdAt when it was created
	 * @param updatedAt when it last changed
	 */
	record TemplateView(UUID id, String name, String source, JsonNode content, Instant createdAt, Instant updatedAt) {
	}

}
