/*
 * Real time: STOMP over /ws.communication, every event applied in id order, exactly
 * once. After a reconnect the events missed are read with events.list {after_id} before
 * the buffered live ones (api.md, "Reconnecting without losing events").
 *
 * Ids are numbered across the installation: the ids between two events of this member's
 * stream belong to other workspaces or to conversations the member does not see, so a
 * gap is normal, and nothing waits for it to fill. Live frames come in id order: one relay
 * per server publishes them in order, and the broker preserves each session's publish order.
 */
import { Client } from '/inbox/lib/stompjs/esm6/client.js';
import { ReconnectionTimeMode } from '/inbox/lib/stompjs/esm6/types.js';
import { call } from './api.js';

// after this long without a connection, reading the list again is cheaper than catching up
// (and events are kept for 7 days only)
const RELOAD_AFTER = 24 * 60 * 60 * 1000;

/**
 * Connects with the token and calls onEvent(event) for each event in order,
 * onStatus('connecting' | 'live' | 'reconnecting', delay?) as the connection changes, and
 * onReload() when events may be lost (the connection dropped before the first event gave
 * a position, or was lost for more than a day): the caller then reloads its state.
 */
export function connect(token, { onEvent, onStatus, onReload }) {
	let last = null;
	let catchingUp = false;
	let buffered = [];
	let connectedOnce = false;
	let lostAt = null;
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
			const lostFor = lostAt == null ? 0 : Date.now() - lostAt;
			lostAt = null;
			if (last != null && lostFor > RELOAD_AFTER) {
				last = null;
			}
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
			lostAt ??= Date.now();
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
		if (last == null || event.id > last) {
			last = event.id;
			onEvent(event);
		}
	}

	async function catchUp() {
		try {
			for (;;) {
				const page = await call('events.list', { after_id: last, page_size: 500 });
				for (const event of page.data) {
					if (event.id > last) {
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
