/*
 * The inbox screen: the conversation list (quick views and search, all as filters), the
 * thread with its composer, and the side panel. Live events change what is on screen one
 * conversation or message at a time; the list is read again only when the view changes.
 */
import { call } from './api.js';
import { messageElement } from './content.js';
import { field, formValues, h, show, status, time } from './dom.js';

const PAGE = 30;

const VIEWS = [
	['all', 'All'], ['mine', 'Mine'], ['unassigned', 'Unassigned'], ['unread', 'Unread'], ['open', 'Open'],
	['closed', 'Closed'],
];

/**
 * Tools the composer offers beside text (attachments, saved replies): each is
 * ({conversation, channel, connected, send}) => element or null; send(message) answers
 * whether the message was sent.
 */
export const composerTools = [];

export function inboxScreen(app, conversationId) {
	const state = app.inbox ||= newState(app);
	state.openId = conversationId || null;
	state.mount();
	return state.root;
}

function newState(app) {
	const state = {
		view: { quick: 'all', channel: '', tag: '', text: '' },
		conversations: new Map(),
		order: [],
		items: new Map(),
		nextCursor: '',
		loading: false,
		generation: 0,
		badge: 0,
		filteredTotal: 0,
		openId: null,
		messages: new Map(),
		shown: new Map(),
		olderCursor: '',
		loadingOlder: false,
	};
	const listElement = h('ul', { class: 'conversations', 'aria-label': 'Conversations' });
	const sentinel = h('li', { class: 'sentinel', 'aria-hidden': 'true' });
	const counts = h('p', { class: 'counts', role: 'status', 'aria-live': 'polite' });
	const listStatus = status();
	const emptyNote = h('p', { class: 'muted', hidden: true }, 'No conversations here yet.',
		app.role === 'admin' ? [' Connect a channel under ', h('a', { href: '#/admin/channels' }, 'Channels'),
			', then write to it (a chat plugin channel has a demo page).'] : null);
	const threadElement = h('section', { class: 'thread', 'aria-label': 'Conversation' });
	const panelElement = h('aside', { class: 'panel', 'aria-label': 'Conversation details' });
	const search = h('input', { type: 'search', name: 'q', placeholder: 'Search contacts', autocomplete: 'off' });
	const viewButtons = VIEWS.map(([key, text]) => h('button', {
		type: 'button', class: 'chip', 'data-view': key, 'aria-pressed': String(key === 'all'),
		onclick: () => setView({ quick: key }),
	}, text));
	const channelSelect = h('select', { name: 'channel', onchange: (e) => setView({ channel: e.target.value }) });
	const tagSelect = h('select', { name: 'tag', onchange: (e) => setView({ tag: e.target.value }) });
	const listSection = h('section', { class: 'list', 'aria-label': 'Conversation list' },
		h('form', { role: 'search', class: 'search', onsubmit: (e) => { e.preventDefault(); setView({ text: search.value.trim() }); } },
			h('label', { for: 'search', class: 'visually-hidden' }, 'Search conversations by contact name'),
			Object.assign(search, { id: 'search' }), h('button', { type: 'submit' }, 'Search')),
		h('div', { class: 'views', role: 'group', 'aria-label': 'Quick views' }, viewButtons),
		h('div', { class: 'view-selects' },
			field('Channel', channelSelect), field('Tag', tagSelect)),
		counts, listStatus, emptyNote, listElement);
	state.root = h('div', { class: 'inbox' }, listSection, threadElement, panelElement);

	const observer = new IntersectionObserver((entries) => {
		if (entries.some((entry) => entry.isIntersecting)) {
			loadPage();
		}
	});

	state.mount = () => {
		state.root.classList.toggle('has-open', state.openId != null);
		fillSelects();
		if (state.order.length === 0 && !state.loading) {
			reload();
		}
		openThread();
	};

	app.onEvent((event) => apply(event));
	app.onReload(() => {
		reload();
		state.threadId = null;
		openThread();
	});

	function fillSelects() {
		show(channelSelect, h('option', { value: '' }, 'All channels'),
			[...app.channels.values()].map((c) => h('option', { value: c.id, selected: c.id === state.view.channel },
				channelName(c))));
		show(tagSelect, h('option', { value: '' }, 'All tags'),
			[...app.tags.values()].map((t) => h('option', { value: t.id, selected: t.id === state.view.tag }, t.name)));
	}
	state.fillSelects = fillSelects;

	function setView(change) {
		Object.assign(state.view, change);
		viewButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === state.view.quick)));
		reload();
	}

	function reload() {
		state.generation++;
		state.conversations.clear();
		state.order = [];
		state.items.clear();
		state.nextCursor = '';
		state.loading = false;
		show(listElement);
		emptyNote.hidden = true;
		loadPage(true);
	}

	// one request per page: the sentinel asks again only after the page it asked for came
	async function loadPage(first = false) {
		if (state.loading || (!first && !state.nextCursor)) {
			return;
		}
		state.loading = true;
		const generation = state.generation;
		observer.unobserve(sentinel);
		try {
			const page = await call('conversations.list', {
				filters: filters(state.view, app.me.id), cursor: first ? '' : state.nextCursor, page_size: PAGE,
			});
			if (generation !== state.generation) {
				return;
			}
			listStatus.clear();
			if (first) {
				state.badge = page.response_metadata.badge_unread_count ?? 0;
				state.filteredTotal = page.response_metadata.filtered_total;
			}
			state.nextCursor = page.response_metadata.next_cursor;
			for (const conversation of page.data) {
				if (!state.conversations.has(conversation.id)) {
					state.conversations.set(conversation.id, conversation);
					state.order.push(conversation.id);
					listElement.append(item(conversation));
				}
			}
			listElement.append(sentinel);
			renderCounts();
			if (first && !app.root.dataset.listPainted) {
				app.root.dataset.listPainted = 'true';
				// for bench/InboxPaint.java: from signing in to the first page on screen
				requestAnimationFrame(() => performance.mark('switchboard:list-painted'));
			}
		}
		catch (error) {
			listStatus.fail(error);
		}
		finally {
			if (generation === state.generation) {
				state.loading = false;
				if (state.nextCursor) {
					observer.observe(sentinel);
				}
			}
		}
	}

	function renderCounts() {
		emptyNote.hidden = state.order.length > 0;
		show(counts, state.filteredTotal + (state.filteredTotal === 1 ? ' conversation' : ' conversations'),
			state.badge > 0 ? [' · ', h('span', { class: 'badge', 'data-badge': state.badge }, state.badge + ' unread')] : null);
		app.setUnread(state.badge);
	}

	function item(conversation) {
		const unread = conversation.unread_message_count || 0;
		const last = conversation.last_message;
		const element = h('li', { 'data-conversation-id': conversation.id, 'data-unread': unread },
			h('a', {
				href: '#/inbox/' + conversation.id, class: 'conversation' + (conversation.id === state.openId ? ' current' : ''),
				'aria-current': conversation.id === state.openId ? 'page' : null,
			},
				h('span', { class: 'name' }, conversation.contact?.display_name || 'Unknown contact'),
				h('time', { datetime: activity(conversation) }, time(activity(conversation))),
				h('span', { class: 'snippet' }, snippet(last)),
				h('span', { class: 'chips' },
					h('span', { class: 'source' }, channelName(app.channels.get(conversation.channel?.id) || conversation.channel)),
					conversation.state === 'CLOSED' ? h('span', { class: 'closed' }, 'Closed') : null,
					(conversation.tags || []).map((id) => app.tags.get(id)).filter(Boolean)
						.map((tag) => h('span', { class: 'tag ' + tag.color }, tag.name)),
					unread > 0 ? h('span', { class: 'unread', 'aria-label': unread + ' unread' }, String(unread)) : null)));
		state.items.set(conversation.id, element);
		return element;
	}

	/** Puts a conversation where its activity puts it, or takes it out when the view excludes it. */
	function upsert(conversation) {
		const known = state.conversations.get(conversation.id);
		const matches = matcher(state.view, app.me.id)(conversation);
		const before = known ? (known.unread_message_count > 0) : false;
		const now = matches && conversation.unread_message_count > 0;
		if (known && !matches) {
			remove(conversation.id);
			state.filteredTotal--;
		}
		else if (matches) {
			const index = insertionIndex(conversation);
			if (!known && index >= state.order.length && state.nextCursor) {
				return; // below what is loaded: the next page brings it
			}
			if (!known) {
				state.filteredTotal++;
			}
			remove(conversation.id);
			state.conversations.set(conversation.id, conversation);
			state.order.splice(insertionIndex(conversation), 0, conversation.id);
			const next = state.order[state.order.indexOf(conversation.id) + 1];
			listElement.insertBefore(item(conversation), next ? state.items.get(next) : sentinel.parentNode ? sentinel : null);
		}
		state.badge += (now ? 1 : 0) - (before ? 1 : 0);
		renderCounts();
		if (conversation.id === state.openId && state.open) {
			state.open = conversation;
			const title = threadElement.querySelector('#thread-title');
			if (title) {
				show(title, conversation.contact?.display_name || 'Unknown contact');
			}
			renderPanel();
			renderComposerState();
		}
	}

	function remove(id) {
		state.items.get(id)?.remove();
		state.items.delete(id);
		state.conversations.delete(id);
		state.order = state.order.filter((other) => other !== id);
	}

	function insertionIndex(conversation) {
		const at = activity(conversation);
		const index = state.order.findIndex((id) => id !== conversation.id && activity(state.conversations.get(id)) < at);
		return index < 0 ? state.order.filter((id) => id !== conversation.id).length : index;
	}

	async function apply(event) {
		const payload = event.payload;
		switch (event.type) {
			case 'conversation.updated':
				upsert(payload);
				if (payload.id === state.openId && payload.unread_message_count > 0 && document.visibilityState === 'visible') {
					call('conversations.read', { conversation_id: payload.id }).catch(() => {});
				}
				break;
			case 'message.created':
			case 'message.updated': {
				if (payload.conversation_id === state.openId) {
					putMessage(payload, { live: true });
				}
				const known = state.conversations.get(payload.conversation_id);
				if (event.type === 'message.created' && payload.sender_type !== 'source_contact') {
					// an agent's or the business's message changes only the last message
					if (known) {
						upsert({ ...known, last_message: payload });
					}
					else {
						call('conversations.info', { conversation_id: payload.conversation_id }).then(upsert).catch(() => {});
					}
				}
				else if (known && known.last_message?.id === payload.id) {
					upsert({ ...known, last_message: payload });
				}
				break;
			}
			case 'channel.updated':
				app.channels.set(payload.id, payload);
				fillSelects();
				if (state.open?.channel?.id === payload.id) {
					renderComposerState();
					renderPanel();
				}
				break;
			case 'tag.updated':
				if (payload.deleted) {
					app.tags.delete(payload.id);
					for (const conversation of [...state.conversations.values()]) {
						if ((conversation.tags || []).includes(payload.id)) {
							upsert({ ...conversation, tags: conversation.tags.filter((id) => id !== payload.id) });
						}
					}
				}
				else {
					app.tags.set(payload.id, payload);
				}
				fillSelects();
				break;
		}
	}

	// the thread

	const messagesElement = h('ol', { class: 'messages', 'aria-label': 'Messages', 'aria-live': 'polite' });
	const topSentinel = h('li', { class: 'sentinel', 'aria-hidden': 'true' });
	const composerNotice = h('p', { class: 'notice', role: 'status' });
	const text = h('textarea', { name: 'text', rows: 3, maxlength: 4096, placeholder: 'Write a reply…' });
	const sendButton = h('button', { type: 'submit' }, 'Send');
	const sendStatus = status();
	const toolsElement = h('div', { class: 'tools' });
	const composer = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); sendText(); } },
		composerNotice, h('label', { for: 'reply', class: 'visually-hidden' }, 'Reply'), Object.assign(text, { id: 'reply' }),
		h('div', { class: 'composer-actions' }, toolsElement, sendButton), sendStatus);
	text.addEventListener('keydown', (e) => {
		if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
			e.preventDefault();
			sendText();
		}
	});
	const olderObserver = new IntersectionObserver((entries) => {
		if (entries.some((entry) => entry.isIntersecting)) {
			loadOlder();
		}
	});
	let pendingKey = null;

	async function openThread() {
		const id = state.openId;
		state.items.forEach((element, other) => {
			const link = element.querySelector('a');
			link.classList.toggle('current', other === id);
			link.toggleAttribute('aria-current', other === id);
			if (other === id) {
				link.setAttribute('aria-current', 'page');
			}
		});
		if (!id) {
			state.open = null;
			show(threadElement, h('p', { class: 'empty' }, 'Choose a conversation.'));
			show(panelElement);
			return;
		}
		if (state.threadId === id) {
			return;
		}
		state.threadId = id;
		state.messages.clear();
		state.shown.clear();
		state.olderCursor = '';
		show(messagesElement, topSentinel);
		show(threadElement, h('p', { class: 'muted' }, 'Loading…'));
		try {
			const [conversation, page] = await Promise.all([
				call('conversations.info', { conversation_id: id }),
				call('messages.list', { conversation_id: id, order: 'desc', page_size: PAGE }),
			]);
			if (state.openId !== id) {
				return;
			}
			state.open = conversation;
			state.olderCursor = page.response_metadata.next_cursor;
			show(threadElement,
				h('header', { class: 'thread-header' },
					h('a', { href: '#/inbox', class: 'back' }, 'Back to the list'),
					h('h2', { id: 'thread-title' }, conversation.contact?.display_name || 'Unknown contact')),
				messagesElement, composer);
			threadElement.setAttribute('aria-labelledby', 'thread-title');
			[...page.data].reverse().forEach((message) => putMessage(message, { answer: true }));
			// what events brought while the page was on its way is newer: it goes last
			const read = new Set(page.data.map((message) => message.id));
			state.messages.forEach((element, messageId) => read.has(messageId) || messagesElement.append(element));
			messagesElement.scrollTop = messagesElement.scrollHeight;
			if (state.olderCursor) {
				olderObserver.observe(topSentinel);
			}
			renderPanel();
			renderComposerState();
			if (conversation.unread_message_count > 0) {
				await call('conversations.read', { conversation_id: id });
			}
		}
		catch (error) {
			state.threadId = null;
			show(threadElement, h('p', { class: 'status error', role: 'alert' }, error.message));
		}
	}

	async function loadOlder() {
		if (state.loadingOlder || !state.olderCursor) {
			return;
		}
		state.loadingOlder = true;
		const id = state.openId;
		olderObserver.unobserve(topSentinel);
		try {
			const page = await call('messages.list', { conversation_id: id, order: 'desc', page_size: PAGE, cursor: state.olderCursor });
			if (id !== state.openId) {
				return;
			}
			state.olderCursor = page.response_metadata.next_cursor;
			const height = messagesElement.scrollHeight;
			const anchor = topSentinel.nextSibling;
			for (const message of [...page.data].reverse()) {
				if (!state.messages.has(message.id)) {
					const element = messageElement(message, { onResend: resend });
					state.messages.set(message.id, element);
					state.shown.set(message.id, message);
					messagesElement.insertBefore(element, anchor);
				}
			}
			messagesElement.scrollTop += messagesElement.scrollHeight - height;
		}
		finally {
			state.loadingOlder = false;
			if (state.olderCursor) {
				olderObserver.observe(topSentinel);
			}
		}
	}

	/**
	 * Shows a message, or its new state. Events come in order, but an HTTP answer (a page,
	 * the PENDING of a send or resend) can be older than an event that came while it was on
	 * its way, so an answer only adds what is not shown yet; the events bring every change.
	 */
	function putMessage(message, { live = false, answer = false } = {}) {
		const shown = state.shown.get(message.id);
		if (shown && answer) {
			return;
		}
		state.shown.set(message.id, message);
		const element = messageElement(message, { onResend: resend });
		const known = state.messages.get(message.id);
		if (known) {
			known.replaceWith(element);
		}
		else {
			const atBottom = messagesElement.scrollHeight - messagesElement.scrollTop - messagesElement.clientHeight < 80;
			messagesElement.append(element);
			if (live && atBottom) {
				messagesElement.scrollTop = messagesElement.scrollHeight;
			}
		}
		state.messages.set(message.id, element);
	}

	async function resend(message) {
		try {
			putMessage(await call('messages.resend', { message_id: message.id }), { live: true, answer: true });
		}
		catch (error) {
			sendStatus.fail(error);
		}
	}

	function renderComposerState() {
		const channel = app.channels.get(state.open?.channel?.id) || state.open?.channel;
		const connected = channel?.connected !== false && app.channels.has(channel?.id);
		text.disabled = !connected;
		sendButton.disabled = !connected;
		show(composerNotice, connected ? null
			: 'This conversation\'s channel is disconnected: replies cannot be sent until an admin reconnects it.');
		show(toolsElement, composerTools.map((tool) => tool({ conversation: state.open, channel, connected, send })));
	}

	async function sendText() {
		const value = text.value;
		if (!value.trim() || sendButton.disabled) {
			return;
		}
		if (await send({ text: value })) {
			text.value = '';
		}
	}

	/** Sends a message once: the same key is kept until the server has answered. */
	async function send(message) {
		pendingKey ||= crypto.randomUUID();
		sendButton.disabled = true;
		try {
			const sent = await call('messages.send', { conversation_id: state.openId, message },
				{ headers: { 'Idempotency-Key': pendingKey } });
			pendingKey = null;
			sendStatus.clear();
			putMessage(sent, { live: true, answer: true });
			messagesElement.scrollTop = messagesElement.scrollHeight;
			return true;
		}
		catch (error) {
			if (error.status >= 400 && error.status < 500) {
				pendingKey = null;
			}
			sendStatus.fail(error);
			return false;
		}
		finally {
			renderComposerState();
		}
	}

	// the side panel

	function renderPanel() {
		const conversation = state.open;
		if (!conversation) {
			show(panelElement);
			return;
		}
		const channel = app.channels.get(conversation.channel?.id) || conversation.channel;
		show(panelElement, h('h2', null, 'Details'),
			contactForm(conversation),
			h('h3', null, 'Channel'),
			h('p', { 'data-channel': '' }, channelName(channel), ' (', channel?.source, ')',
				channel?.connected === false || !app.channels.has(channel?.id) ? ' · disconnected' : ''),
			assigneeSection(conversation), tagsSection(conversation), stateSection(conversation),
			metadataSection(conversation));
	}

	function action(endpoint, body, feedback) {
		return call(endpoint, body).catch((error) => feedback.fail(error));
	}

	function contactForm(conversation) {
		const feedback = status();
		const input = h('input', { name: 'display_name', value: conversation.contact?.display_name || '', required: true, maxlength: 255 });
		return h('form', { class: 'inline', onsubmit: (e) => {
			e.preventDefault();
			action('conversations.update-contact', { conversation_id: conversation.id, display_name: input.value }, feedback);
		} }, field('Contact name', input), h('button', { type: 'submit', class: 'small' }, 'Save name'), feedback);
	}

	function assigneeSection(conversation) {
		const feedback = status();
		const assignee = conversation.assignee;
		const mine = assignee?.id === app.me.id;
		const section = h('section', { 'aria-labelledby': 'assignee-title' }, h('h3', { id: 'assignee-title' }, 'Assignee'),
			h('p', { 'data-assignee': assignee?.id || '' }, assignee ? (assignee.name || 'Someone') + (mine ? ' (you)' : '') : 'Unassigned'),
			mine ? null : h('button', { type: 'button', class: 'small', onclick: () =>
				action('conversations.assign', { conversation_id: conversation.id, user_id: app.me.id }, feedback) }, 'Assign to me'),
			assignee && (mine || app.role !== 'agent') ? h('button', { type: 'button', class: 'small', onclick: () =>
				action('conversations.unassign', { conversation_id: conversation.id }, feedback) }, 'Unassign') : null,
			feedback);
		if (app.role !== 'agent') {
			const select = h('select', { name: 'user_id' }, h('option', { value: '' }, 'Choose a member'));
			members().then((active) => active.forEach((u) => select.append(h('option', { value: u.id }, fullName(u)))))
				.catch(() => {});
			section.append(h('form', { class: 'inline', onsubmit: (e) => {
				e.preventDefault();
				if (select.value) {
					action('conversations.assign', { conversation_id: conversation.id, user_id: select.value }, feedback);
				}
			} }, field('Assign to', select), h('button', { type: 'submit', class: 'small' }, 'Assign')));
		}
		return section;
	}

	// the panel is drawn again on every change of its conversation: the members are read
	// once a minute at most
	let membersRead = null;
	function members() {
		if (!membersRead || Date.now() - membersRead.at > 60000) {
			const at = Date.now();
			membersRead = { at, list: call('users.list', { page_size: 1000 })
				.then((page) => page.data.filter((u) => u.status === 'active')) };
			membersRead.list.catch(() => {
				membersRead = null;
			});
		}
		return membersRead.list;
	}

	function tagsSection(conversation) {
		const feedback = status();
		const tags = (conversation.tags || []).map((id) => app.tags.get(id)).filter(Boolean);
		const others = [...app.tags.values()].filter((tag) => !(conversation.tags || []).includes(tag.id));
		const select = h('select', { name: 'tag_id' }, others.map((tag) => h('option', { value: tag.id }, tag.name)));
		return h('section', { 'aria-labelledby': 'tags-title' }, h('h3', { id: 'tags-title' }, 'Tags'),
			h('ul', { class: 'chips', 'data-tags': '' }, tags.length === 0 ? h('li', { class: 'muted' }, 'No tags') : null,
				tags.map((tag) => h('li', { class: 'tag ' + tag.color }, tag.name, ' ',
					h('button', { type: 'button', class: 'remove', 'aria-label': 'Remove tag ' + tag.name, onclick: () =>
						action('conversations.untag', { conversation_id: conversation.id, tag_id: tag.id }, feedback) }, '×')))),
			others.length === 0 ? null : h('form', { class: 'inline', onsubmit: (e) => {
				e.preventDefault();
				action('conversations.tag', { conversation_id: conversation.id, tag_id: select.value }, feedback);
			} }, field('Add a tag', select), h('button', { type: 'submit', class: 'small' }, 'Add tag')),
			feedback);
	}

	function stateSection(conversation) {
		const feedback = status();
		const closed = conversation.state === 'CLOSED';
		return h('section', { 'aria-labelledby': 'state-title' }, h('h3', { id: 'state-title' }, 'State'),
			h('p', { 'data-state': conversation.state }, closed ? 'Closed' : 'Open'),
			h('button', { type: 'button', class: 'small', onclick: () => action('conversations.set-state',
				{ conversation_id: conversation.id, state: closed ? 'OPEN' : 'CLOSED' }, feedback) },
			closed ? 'Reopen conversation' : 'Close conversation'), feedback);
	}

	function metadataSection(conversation) {
		const feedback = status();
		const entries = flatten(conversation.metadata || {});
		const form = h('form', { class: 'metadata-form', onsubmit: (e) => {
			e.preventDefault();
			const values = formValues(form);
			action('metadata.set', { conversation_id: conversation.id, key: values.key.trim(), value: parse(values.value) }, feedback);
		} },
			field('Key', h('input', { name: 'key', required: true, maxlength: 256, placeholder: 'crm.owner' }), 'Dotted path: letters, digits, _ and -'),
			field('Value', h('input', { name: 'value', placeholder: 'Grace' }), 'Text, or JSON (42, true, {"a": 1})'),
			h('button', { type: 'submit', class: 'small' }, 'Set'));
		return h('section', { 'aria-labelledby': 'metadata-title' }, h('h3', { id: 'metadata-title' }, 'Metadata'),
			entries.length === 0 ? h('p', { class: 'muted' }, 'No metadata') : h('dl', { class: 'metadata', 'data-metadata': '' },
				entries.map(([key, value]) => h('div', { 'data-key': key }, h('dt', null, key),
					h('dd', null, typeof value === 'string' ? value : JSON.stringify(value), ' ',
						h('button', { type: 'button', class: 'remove', 'aria-label': 'Remove ' + key, onclick: () =>
							action('metadata.remove', { conversation_id: conversation.id, key }, feedback) }, '×'))))),
			form, feedback);
	}

	return state;
}

function parse(value) {
	try {
		return JSON.parse(value);
	}
	catch {
		return value;
	}
}

function flatten(object, prefix = '') {
	return Object.entries(object).flatMap(([key, value]) =>
		value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
			? flatten(value, prefix + key + '.') : [[prefix + key, value]]);
}

export function channelName(channel) {
	return channel?.metadata?.name || channel?.source_channel_id || channel?.source || 'Channel';
}

export function fullName(user) {
	return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email;
}

function activity(conversation) {
	return conversation?.last_message?.sent_at || conversation?.created_at || '';
}

function snippet(message) {
	if (!message) {
		return 'No messages yet';
	}
	const content = message.content || {};
	const prefix = message.sender_type === 'source_contact' ? '' : 'You: ';
	return prefix + (content.type === 'text' ? content.text : '[' + (content.type || 'message') + ']');
}

// the view as a filters string for the API, and the same view as a test of one conversation for live events

const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

function words(text) {
	return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export function filters(view, me) {
	const parts = [];
	switch (view.quick) {
		case 'mine': parts.push('assignee_id:me'); break;
		case 'unassigned': parts.push('assignee_id:none'); break;
		case 'unread': parts.push('unread_count:[1 TO *]'); break;
		case 'open': parts.push('state:OPEN'); break;
		case 'closed': parts.push('state:CLOSED'); break;
	}
	if (view.channel) {
		parts.push('channel_id:' + view.channel);
	}
	if (view.tag) {
		parts.push('tag_ids:' + view.tag);
	}
	for (const word of words(view.text)) {
		parts.push('display_name:*' + word.replace(SPECIAL, (c) => '\\' + c) + '*');
	}
	return parts.join(' AND ');
}

function matcher(view, me) {
	return (c) => {
		switch (view.quick) {
			case 'mine': if (c.assignee?.id !== me) return false; break;
			case 'unassigned': if (c.assignee) return false; break;
			case 'unread': if (!(c.unread_message_count > 0)) return false; break;
			case 'open': if (c.state !== 'OPEN') return false; break;
			case 'closed': if (c.state !== 'CLOSED') return false; break;
		}
		if (view.channel && c.channel?.id !== view.channel) return false;
		if (view.tag && !(c.tags || []).includes(view.tag)) return false;
		const name = (c.contact?.display_name || '').toLowerCase();
		return words(view.text).every((word) => name.includes(word));
	};
}
