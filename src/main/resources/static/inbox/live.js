/*
 * Real time: STOMP over /ws.communication, every event applied in id order, exactly
 * once. After a reconnect the events missed are read with events.list {after_id} before
 * the buffered live ones (api.md, "Reconnecting without losing events").
 */
import { Client } from '/inbox/lib/stompjs/esm6/client.js';
import { ReconnectionTimeMode } from '/inbox/lib/stompjs/esm6/types.js';
import { call } from './api.js';

const HOLD = 1000;

/**
 * Connects with the token and calls onEvent(event) for each event in order,
 * onStatus('connecting' | 'live' | 'reconnecting', delay?) as the connection changes, and
 * onReload() when events are lost (the gap is older than the retention, or the connection
 * dropped before the first event gave a position): the caller then reloads its state.
 */
export function connect(token, { onEvent, onStatus, onReload }) {
	let last = null;
	let catchingUp = false;
	let buffered = [];
	const held = new Map();
	let holdTimer = null;
	let connectedOnce = false;
	let attempts = 0;

	const client = new Client({
		brokerURL: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws.communication',
		connectHeaders: { Authorization: 'Bearer ' + token },
		heartbeatIncoming: 10000,
		heartbeatOutgoing: 10000,
		reconnectDelay: 1000,
		maxReconnectDelay: 30000,
		reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
		onConnect: () => {
			attempts = 0;
			catchingUp = last != null;
			client.subscribe('/events', (frame) => receive(JSON.parse(frame.body)));
			if (catchingUp) {
				catchUp().finally(() => onStatus('live'));
			}
			else {
				if (connectedOnce) {
					onReload();
				}
				onStatus('live');
			}
			connectedOnce = true;
		},
		onWebSocketClose: () => {
			attempts++;
			onStatus('reconnecting', Math.min(30000, 1000 * 2 ** (attempts - 1)));
		},
		// refused (a deactivated user, a revoked membership): a 401 on the API signs out
		onStompError: () => call('users.me').catch(() => {}),
	});

	function receive(event) {
		if (catchingUp) {
			buffered.push(event);
			return;
		}
		accept(event);
	}

	function accept(event) {
		if (last == null) {
			last = event.id - 1;
		}
		if (event.id <= last) {
			return;
		}
		held.set(event.id, event);
		drain();
		if (held.size > 0 && holdTimer == null) {
			// a gap: the events between may still come live; if not, read them
			holdTimer = setTimeout(() => {
				holdTimer = null;
				if (held.size > 0 && !catchingUp) {
					catchingUp = true;
					catchUp();
				}
			}, HOLD);
		}
	}

	function drain() {
		while (held.has(last + 1)) {
			const event = held.get(last + 1);
			held.delete(last + 1);
			last = event.id;
			onEvent(event);
		}
	}

	async function catchUp() {
		try {
			let first = true;
			for (;;) {
				const page = await call('events.list', { after_id: last, page_size: 500 });
				if (first && page.data.length > 0 && page.data[0].id > last + 1) {
					// older than the retention: those events are gone
					last = page.data[0].id - 1;
					onReload();
				}
				first = false;
				for (const event of page.data) {
					if (event.id > last) {
						held.delete(event.id);
						last = event.id;
						onEvent(event);
					}
				}
				if (!page.response_metadata.next_cursor) {
					break;
				}
			}
		}
		catch {
			// the next reconnect catches up again
		}
		finally {
			catchingUp = false;
			const pending = buffered;
			buffered = [];
			pending.forEach(accept);
			for (const id of [...held.keys()]) {
				if (id <= last) {
					held.delete(id);
				}
			}
			drain();
		}
	}

	onStatus('connecting');
	client.activate();
	return {
		close: () => client.deactivate(),
		// for the browser tests: drops the socket as a network failure would
		drop: () => client.webSocket?.close(),
	};
}
