/*
 * Switchboard chat plugin widget: a website visitor's chat with one chat plugin channel.
 * Plain JavaScript, no dependencies, no build step. It talks to the Switchboard that served
 * this script:
 *
 *   chatplugin.authenticate  starts a conversation, or resumes it with the resume token kept
 *                            in localStorage under switchboard.resume.<channel_id>
 *   chatplugin.send          the visitor's messages
 *   /ws.chatplugin           new messages as they happen: STOMP 1.2 over a plain WebSocket
 *   chatplugin.messages      polled every 2 s while that WebSocket is not connected
 *
 * Use: <section data-switchboard-chat data-channel-id="…"></section> and this script; without
 * data-channel-id the channel comes from the page's ?channel_id=. The element gets
 * data-state (connecting, live, polling, offline, unavailable) and data-conversation-id; each
 * message element has data-message-id and data-sender-type.
 */
(() => {
	'use strict';

	const SCRIPT_ORIGIN = new URL(document.currentScript.src).origin;
	const POLL_INTERVAL = 2000;
	// While live, a slow poll still runs: it covers the moments around (re)subscribing, when
	// a message may be stored before the server knows about the subscription.
	const LIVE_POLL_INTERVAL = 30000;
	const HEART_BEAT = 10000;
	const MAX_RECONNECT_DELAY = 30000;
	// Visitor tokens last an hour; a new one is fetched with the resume token before that.
	const RENEW_BEFORE_EXPIRY = 5 * 60 * 1000;
	const PAGE_SIZE = 100;

	const STATES = {
		connecting: 'Connecting…',
		live: 'Live',
		polling: 'Connected (polling)',
		offline: 'Offline, retrying…',
		unavailable: 'This chat is not available.',
	};

	class ApiError extends Error {
		constructor(status, detail) {
			super(detail || 'HTTP ' + status);
			this.status = status;
		}
	}

	function mount(root, channelId, origin = SCRIPT_ORIGIN) {
		const ui = build(root);
		const resumeKey = 'switchboard.resume.' + channelId;
		const shown = new Set();
		let token = null;
		let conversationId = null;
		let renewing = null;
		let renewTimer = null;
		let live = null;
		let pollTimer = null;
		let fetching = false;
		// The cursor of the page holding the newest message seen ('' = the first page):
		// polling reads on from there, so it never re-reads the whole conversation.
		let pollCursor = '';
		let socket = null;
		let reconnectDelay = 1000;
		let reconnectTimer = null;

		function setState(state) {
			root.dataset.state = state;
			ui.status.textContent = STATES[state];
		}

		async function call(endpoint, body, bearer) {
			const headers = { 'Content-Type': 'application/json' };
			if (bearer) {
				headers.Authorization = 'Bearer ' + bearer;
			}
			const response = await fetch(origin + '/' + endpoint, {
				method: 'POST',
				headers,
				body: JSON.stringify(body || {}),
			});
			const json = await response.json().catch(() => null);
			if (!response.ok) {
				throw new ApiError(response.status, json && json.detail);
			}
			return json;
		}

		// A visitor call; an expired or refused token is renewed once.
		async function visitorCall(endpoint, body) {
			try {
				return await call(endpoint, body, token);
			}
			catch (error) {
				if (error.status !== 401) {
					throw error;
				}
				await renew();
				return call(endpoint, body, token);
			}
		}

		async function authenticate() {
			const resumeToken = localStorage.getItem(resumeKey);
			if (resumeToken) {
				try {
					return await call('chatplugin.authenticate', { resume_token: resumeToken });
				}
				catch (error) {
					if (error.status !== 401 && error.status !== 404) {
						throw error;
					}
					localStorage.removeItem(resumeKey);
				}
			}
			return call('chatplugin.authenticate', { channel_id: channelId });
		}

		async function startSession() {
			const session = await authenticate();
			token = session.token;
			localStorage.setItem(resumeKey, session.resume_token);
			if (session.conversation_id !== conversationId) {
				// the first session, or a new conversation after a refused resume token
				conversationId = session.conversation_id;
				root.dataset.conversationId = conversationId;
				ui.list.replaceChildren();
				shown.clear();
				pollCursor = '';
			}
			session.messages.forEach(show);
			clearTimeout(renewTimer);
			renewTimer = setTimeout(() => renew().catch(() => setState('offline')),
					Math.max(expiry(token) - Date.now() - RENEW_BEFORE_EXPIRY, 10000));
		}

		// Re-authenticates with the resume token and reconnects with the new visitor token.
		function renew() {
			if (!renewing) {
				renewing = startSession().then(connectLive).finally(() => {
					renewing = null;
				});
			}
			return renewing;
		}

		async function start() {
			if (!channelId) {
				setState('unavailable');
				ui.notice.textContent = 'Give the page a ?channel_id= of a chat plugin channel.';
				return;
			}
			setState('connecting');
			try {
				await startSession();
			}
			catch (error) {
				if (error.status === 404 || error.status === 400) {
					setState('unavailable');
					return;
				}
				setState('offline');
				setTimeout(start, 5000);
				return;
			}
			ui.input.disabled = false;
			ui.send.disabled = false;
			setLive(false);
			connectLive();
		}

		function setLive(on) {
			if (live === on) {
				return;
			}
			live = on;
			clearInterval(pollTimer);
			pollTimer = setInterval(fetchNew, on ? LIVE_POLL_INTERVAL : POLL_INTERVAL);
			setState(on ? 'live' : 'polling');
			fetchNew();
		}

		async function fetchNew() {
			if (fetching) {
				return;
			}
			fetching = true;
			try {
				for (;;) {
					const page = await visitorCall('chatplugin.messages', { cursor: pollCursor, page_size: PAGE_SIZE });
					page.data.forEach(show);
					const next = page.response_metadata.next_cursor;
					if (!next) {
						break;
					}
					pollCursor = next;
				}
				setState(live ? 'live' : 'polling');
			}
			catch (error) {
				setState('offline');
			}
			finally {
				fetching = false;
			}
		}

		function connectLive() {
			clearTimeout(reconnectTimer);
			if (socket) {
				socket.close();
			}
			const url = origin.replace(/^http/, 'ws') + '/ws.chatplugin';
			socket = stomp(url, new URL(origin).host, token, {
				connected() {
					reconnectDelay = 1000;
					setLive(true);
				},
				message(event) {
					if (event.conversation_id === conversationId) {
						show(event.message);
					}
				},
				closed() {
					socket = null;
					setLive(false);
					reconnectTimer = setTimeout(connectLive, reconnectDelay);
					reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY);
				},
			});
		}

		function show(message) {
			if (!message || shown.has(message.id)) {
				return;
			}
			shown.add(message.id);
			const item = messageElement(message);
			// Keep the list in sent_at order (same-format UTC timestamps sort as strings),
			// whichever way, WebSocket or poll, a message arrived first.
			const key = message.sent_at + message.id;
			let before = null;
			for (let node = ui.list.lastElementChild; node; node = node.previousElementSibling) {
				if (node.dataset.sortKey <= key) {
					break;
				}
				before = node;
			}
			item.dataset.sortKey = key;
			ui.list.insertBefore(item, before);
			ui.list.scrollTop = ui.list.scrollHeight;
		}

		ui.form.addEventListener('submit', async (event) => {
			event.preventDefault();
			const text = ui.input.value.trim();
			if (!text) {
				return;
			}
			ui.send.disabled = true;
			ui.notice.textContent = '';
			try {
				show(await visitorCall('chatplugin.send', { message: { text } }));
				ui.input.value = '';
			}
			catch (error) {
				ui.notice.textContent = (error.status === 429) ? 'You are sending too fast; wait a moment.'
						: 'Not sent: ' + (error.status ? error.message : 'no connection') + '.';
			}
			finally {
				ui.send.disabled = false;
				ui.input.focus();
			}
		});

		start();
	}

	/*
	 * A minimal STOMP 1.2 client: CONNECT with the visitor token, one SUBSCRIBE, MESSAGE
	 * frames to handlers.message, heart-beats both ways. Any ERROR frame, close or silent
	 * server ends it with handlers.closed (not called after close() from our side).
	 */
	function stomp(url, host, token, handlers) {
		const ws = new WebSocket(url);
		let buffer = '';
		let lastReceived = Date.now();
		let heartBeatTimer = null;
		let watchTimer = null;
		let closing = false;

		function send(command, headers, body = '') {
			const lines = Object.entries(headers).map(([name, value]) => name + ':' + value);
			ws.send(command + '\n' + lines.join('\n') + '\n\n' + body + '\0');
		}

		function receive(frame) {
			if (frame.command === 'CONNECTED') {
				// heart-beat:sx,sy from the server; each side sends at the slower of the two rates
				const [sx, sy] = (frame.headers['heart-beat'] || '0,0').split(',').map(Number);
				if (sy > 0) {
					heartBeatTimer = setInterval(() => ws.send('\n'), Math.max(HEART_BEAT, sy));
				}
				if (sx > 0) {
					const allowed = 2 * Math.max(HEART_BEAT, sx);
					watchTimer = setInterval(() => (Date.now() - lastReceived > allowed) && ws.close(), allowed / 2);
				}
				send('SUBSCRIBE', { id: 'sub-0', destination: '/user/queue/message' });
				handlers.connected();
			}
			else if (frame.command === 'MESSAGE') {
				handlers.message(JSON.parse(frame.body));
			}
			else if (frame.command === 'ERROR') {
				console.warn('Switchboard chat: the server refused the live connection:', frame.headers.message);
				ws.close();
			}
		}

		ws.onopen = () => send('CONNECT', {
			'accept-version': '1.2',
			host,
			'heart-beat': HEART_BEAT + ',' + HEART_BEAT,
			Authorization: 'Bearer ' + token,
		});
		ws.onmessage = (event) => {
			lastReceived = Date.now();
			buffer += event.data;
			let end;
			while ((end = buffer.indexOf('\0')) >= 0) {
				const frame = parseFrame(buffer.slice(0, end));
				buffer = buffer.slice(end + 1);
				if (frame) {
					receive(frame);
				}
			}
			buffer = buffer.replace(/^[\r\n]+/, ''); // heart-beats
		};
		ws.onclose = () => {
			clearInterval(heartBeatTimer);
			clearInterval(watchTimer);
			if (!closing) {
				handlers.closed();
			}
		};
		return {
			close() {
				closing = true;
				ws.close();
			},
		};
	}

	// One frame without its NUL: command, headers (the first of a repeated one counts), body.
	function parseFrame(text) {
		text = text.replace(/^[\r\n]+/, '');
		if (!text) {
			return null;
		}
		const head = text.match(/\r?\n\r?\n/);
		const headEnd = head ? head.index : text.length;
		const [command, ...lines] = text.slice(0, headEnd).split(/\r?\n/);
		const headers = {};
		for (const line of lines) {
			const colon = line.indexOf(':');
			const name = unescapeHeader(line.slice(0, colon));
			if (colon > 0 && !(name in headers)) {
				headers[name] = (command === 'CONNECTED') ? line.slice(colon + 1) : unescapeHeader(line.slice(colon + 1));
			}
		}
		return { command, headers, body: head ? text.slice(headEnd + head[0].length) : '' };
	}

	function unescapeHeader(value) {
		return value.replace(/\\([rnc\\])/g, (escape, c) => ({ r: '\r', n: '\n', c: ':', '\\': '\\' })[c]);
	}

	// The expiry of a JWT in epoch milliseconds, or in 55 minutes when it cannot be read.
	function expiry(jwt) {
		try {
			const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
			return JSON.parse(atob(payload)).exp * 1000;
		}
		catch (error) {
			return Date.now() + 55 * 60 * 1000;
		}
	}

	function build(root) {
		root.classList.add('sb-chat');
		const header = element('header', 'sb-header');
		const title = element('span', 'sb-title', 'Chat with us');
		const status = element('span', 'sb-status');
		status.setAttribute('role', 'status');
		header.append(title, status);
		const list = element('ol', 'sb-messages');
		list.setAttribute('aria-live', 'polite');
		const form = element('form', 'sb-compose');
		const input = element('input', 'sb-input');
		Object.assign(input, { type: 'text', maxLength: 4096, placeholder: 'Write a message…', disabled: true });
		input.setAttribute('aria-label', 'Message');
		const send = element('button', 'sb-send', 'Send');
		Object.assign(send, { type: 'submit', disabled: true });
		form.append(input, send);
		const notice = element('p', 'sb-notice');
		notice.setAttribute('role', 'alert');
		root.replaceChildren(header, list, form, notice);
		return { status, list, form, input, send, notice };
	}

	// Message content goes into the page only as text (textContent), never as markup.
	function messageElement(message) {
		const visitor = message.sender_type === 'source_contact';
		const item = element('li', 'sb-message ' + (visitor ? 'sb-visitor' : 'sb-agent'));
		item.dataset.messageId = message.id;
		item.dataset.senderType = message.sender_type;
		const bubble = element('div', 'sb-bubble');
		const content = message.content || {};
		if (content.text) {
			bubble.append(element('span', 'sb-text', content.text));
		}
		if (content.url && /^https?:\/\//i.test(content.url)) {
			const link = element('a', 'sb-attachment', content.name || content.url);
			Object.assign(link, { href: content.url, target: '_blank', rel: 'noopener noreferrer' });
			bubble.append(link);
		}
		if (!bubble.hasChildNodes()) {
			bubble.append(element('span', 'sb-unsupported', 'This message cannot be shown here.'));
		}
		const sender = visitor ? 'You' : (message.sender && message.sender.name) || 'Agent';
		const time = new Date(message.sent_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
		item.append(bubble, element('div', 'sb-meta', sender + ' · ' + time));
		return item;
	}

	function element(tag, className, text) {
		const node = document.createElement(tag);
		node.className = className;
		if (text !== undefined) {
			node.textContent = text;
		}
		return node;
	}

	window.SwitchboardChat = { mount };
	const pageChannel = new URLSearchParams(location.search).get('channel_id');
	document.querySelectorAll('[data-switchboard-chat]')
		.forEach((root) => mount(root, root.dataset.channelId || pageChannel));
})();
