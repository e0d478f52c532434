package dev.switchboard.tag;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.switchboard.common.error.ConflictException;
import dev.switchboard.common.events.EventLog;
import dev.switchboard.common.security.CurrentMember;
import dev.switchboard.common.error.NotFoundException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tags of the caller's workspace: create, rename, recolour, delete, list.
 */
@Service
public class TagService {

	private final TagRepository tags;

	private final EventLog events;

	private final Clock clock;

	TagService(TagRepository tags, EventLog events, Clock clock) {
		this.tags = tags;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public TagView create(String name, String color) {
		UUID workspaceId = CurrentMember.workspaceId();
		TagView tag = TagView.of(save(new Tag(workspaceId, name.trim(), color, this.clock.instant())));
		this.events.append("tag.updated", workspaceId, null, null, tag);
		return tag;
	}

	/**
	 * Changes the name and/or colour of a tag; {@code null} leaves a field as it is.
	 */
	@Transactional
	public void update(UUID id, String name, String color) {
		UUID workspaceId = CurrentMember.workspaceId();
		Tag tag = this.tags.findByWorkspaceIdAndId(workspaceId, id).orElseThrow(TagService::notFound);
		if (name != null) {
			tag.rename(name.trim());
		}
		if (color != null) {
			tag.recolor(color);
		}
		this.events.append("tag.updated", workspaceId, null, null, TagView.of(save(tag)));
	}

	/**
	 * Deletes a tag; the database removes it from every conversation with it.
	 */
	@Transactional
	public void delete(UUID id) {
		UUID workspaceId = CurrentMember.workspaceId();
		Tag tag = this.tags.findByWorkspaceIdAndId(workspaceId, id).orElseThrow(TagService::notFound);
		this.tags.delete(tag);
		this.events.append("tag.updated", workspaceId, null, null, new DeletedTag(id, true));
	}

	@Transactional(readOnly = true)
	public List<TagView> list() {
		return this.tags.findAllByName(CurrentMember.workspaceId()).stream().map(TagView::of).toList();
	}

	/**
	 * Whether the workspace has the tag.
	 */
	@Transactional(readOnly = true)
	public boolean exists(UUID workspaceId, UUID id) {
		return this.tags.existsByWorkspaceIdAndId(workspaceId, id);
	}

	/**
	 * The unique index {@code tags_workspace_name_key} decides whether a name is free:
	 * one statement instead of a query before each write, and right for two concurrent
	 * requests for one name too.
	 */
	private Tag save(Tag tag) {
		try {
			return this.tags.saveAndFlush(tag);
		}
		catch (DataIntegrityViolationException ex) {
			throw nameTaken();
		}
	}

	private static ConflictException nameTaken() {
		return new ConflictException("A tag with this name already exists.");
	}

	private static NotFoundException notFound() {
		return new NotFoundException("No such tag.");
	}

	/**
	 * The {@code tag.updated} payload of a deleted tag.
	 *
	 * @param id the tag id
	 * @param deleted always {@code true}
	 */
	record DeletedTag(UUID id, boolean deleted) {
	}

	/**
	 * A tag as the API shows it.
	 *
	 * @param id the tag id
	 * @param name the name
	 * @param color one of {@code tag-red}, {@code tag-blue}, {@code tag-green},
	 * {@code tag-purple}
	 */
	public record TagView(UUID id, String name, String color) {

		static TagView of(Tag tag) {
			return new TagView(tag.getId(), tag.getName(), tag.getColor());
		}

	}

}
