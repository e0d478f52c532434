/*
 * The shell: who is signed in, the menu by role, the help menu, the live connection's
 * state, and the route (the part after #) to the screen it names.
 */
import { call, expiry, onSession, session, signOut } from './api.js';
import { h, show } from './dom.js';
import { connect } from './live.js';
import { inboxScreen } from './inbox.js';
import { adminScreens } from './admin.js';
import './composer.js';
import { invitationScreen, loginScreen, resetScreen, signupScreen, workspacesScreen } from './account.js';

const root = document.getElementById('app');
let app = null;
let starting = null;
let reason = null;

onSession((current, why) => {
	reason = why;
	stop();
	if (current && !location.hash.startsWith('#/inbox')) {
		location.hash = '#/inbox'; // routes on hashchange
		return;
	}
	route();
});
window.addEventListener('hashchange', route);
// the hash is the route: the skip link moves the focus instead of changing it
document.querySelector('.skip')?.addEventListener('click', (event) => {
	event.preventDefault();
	focusMain();
});
route();

function parseHash() {
	const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
	return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

async function route() {
	const { parts, params } = parseHash();
	const [first, second] = parts;
	if (!session()) {
		const screens = { signup: signupScreen, invitation: () => invitationScreen(params.get('token')),
			reset: () => resetScreen(params.get('token')) };
		root.dataset.screen = screens[first] ? first : 'login';
		show(root, h('main', { id: 'main', tabindex: '-1' }, (screens[first] || (() => loginScreen(reason)))()));
		focusMain();
		return;
	}
	if (!app) {
		starting ||= start().finally(() => {
			starting = null;
		});
		await starting;
		if (!app || parseHash().parts.join('/') !== parts.join('/')) {
			return;
		}
	}
	let screen;
	const admin = adminScreens.find((s) => s.route === second);
	if (first === 'admin' && admin && admin.roles.includes(app.role)) {
		root.dataset.screen = 'admin-' + admin.route;
		screen = admin.render(app);
	}
	else if (first === 'workspaces') {
		root.dataset.screen = 'workspaces';
		screen = workspacesScreen(app);
	}
	else {
		root.dataset.screen = 'inbox';
		screen = inboxScreen(app, first === 'inbox' ? second : null);
	}
	markMenu(first === 'admin' ? 'admin/' + second : first || 'inbox');
	show(app.main, screen);
	if (root.dataset.screen !== 'inbox') {
		focusMain();
	}
}

function focusMain() {
	document.getElementById('main')?.focus({ preventScroll: true });
}

async function start() {
	const current = session();
	try {
		const [me, channels, tags, workspaces] = await Promise.all([call('users.me'), call('channels.list'),
			call('tags.list'), call('workspaces.list')]);
		app = {
			session: current,
			me,
			role: me.role,
			channels: new Map(channels.data.map((c) => [c.id, c])),
			tags: new Map(tags.tags.map((t) => [t.id, t])),
			workspace: workspaces.data.find((w) => w.id === current.workspace_id),
			root,
			listeners: new Set(),
			reloaders: new Set(),
			onEvent: (listener) => app.listeners.add(listener),
			onReload: (listener) => app.reloaders.add(listener),
			setUnread: (count) => {
				document.title = (count > 0 ? '(' + count + ') ' : '') + 'Switchboard inbox';
			},
		};
	}
	catch (error) {
		if (session()) {
			show(root, h('main', { id: 'main' }, h('p', { class: 'status error', role: 'alert' }, error.message)));
		}
		return;
	}
	shell();
	app.live = window.switchboardLive = connect(current.token, {
		onEvent: (event) => app?.listeners.forEach((listener) => listener(event)),
		onStatus: (state, delay) => {
			root.dataset.live = state;
			show(app.liveStatus, state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…'
				: 'Connection lost, retrying in ' + Math.round(delay / 1000) + ' s…');
			app.liveStatus.className = 'live ' + state;
		},
		onReload: () => app?.reloaders.forEach((listener) => listener()),
	});
	// the token's lifetime ends the session even if nothing is being called
	const left = expiry() - Date.now();
	if (left > 0) {
		app.expiryTimer = setTimeout(() => signOut('Your session has ended. Please sign in again.'), Math.min(left, 2 ** 31 - 1));
	}
}

function stop() {
	if (app) {
		app.live?.close();
		clearTimeout(app.expiryTimer);
		app = null;
	}
	delete root.dataset.listPainted;
	// for the browser tests: reach the live connection
	window.switchboardLive = undefined;
}

function shell() {
	const menu = [['inbox', '#/inbox', 'Inbox'],
		...adminScreens.filter((s) => s.roles.includes(app.role)).map((s) => ['admin/' + s.route, '#/admin/' + s.route, s.title]),
		['workspaces', '#/workspaces', 'Workspaces']];
	app.liveStatus = h('span', { class: 'live', role: 'status', 'aria-live': 'polite' });
	app.menu = h('ul', { class: 'menu' }, menu.map(([key, href, text]) => h('li', null, h('a', { href, 'data-menu': key }, text))));
	app.main = h('main', { id: 'main', tabindex: '-1' });
	show(root,
		h('header', { class: 'top' },
			h('a', { href: '#/inbox', class: 'brand' }, 'Switchboard'),
			h('span', { class: 'workspace' }, app.workspace?.name || ''),
			h('nav', { 'aria-label': 'Main' }, app.menu),
			app.liveStatus,
			h('details', { class: 'help' }, h('summary', null, 'Help'),
				h('ul', null,
					h('li', null, h('a', { href: '/docs', target: '_blank', rel: 'noopener' }, 'API reference')),
					h('li', null, 'Keys: Tab moves, Enter sends a reply, Shift+Enter adds a line.'))),
			h('span', { class: 'me' }, [app.me.first_name, app.me.last_name].filter(Boolean).join(' '), ' · ', app.role),
			h('button', { type: 'button', class: 'small', onclick: () => signOut(null) }, 'Sign out')),
		app.main);
}

function markMenu(key) {
	app.menu.querySelectorAll('a').forEach((link) => {
		if (link.dataset.menu === key) {
			link.setAttribute('aria-current', 'page');
		}
		else {
			link.removeAttribute('aria-current');
		}
	});
}
