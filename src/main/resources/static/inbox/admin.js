/*
 * Administration by role: channels, users, tags, divisions, access keys, saved replies and
 * webhooks. Each screen
 * is a table of what exists with its actions, and a form to add one; the API decides
 * what the caller may do, the menu only hides what it would refuse.
 */
import { call } from './api.js';
import { field, h, show, status } from './dom.js';
import { channelName, fullName } from './inbox.js';
import { form } from './account.js';
import { templatesChanged } from './composer.js';

/** Screens by route, with the roles that see them (more can be added here). */
export const adminScreens = [
	{ route: 'channels', title: 'Channels', roles: ['admin'], render: channelsScreen },
	{ route: 'users', title: 'Users', roles: ['admin', 'supervisor'], render: usersScreen },
	{ route: 'tags', title: 'Tags', roles: ['admin', 'supervisor'], render: tagsScreen },
	{ route: 'divisions', title: 'Divisions', roles: ['admin', 'supervisor'], render: divisionsScreen },
	{ route: 'access-keys', title: 'Access keys', roles: ['admin'], render: accessKeysScreen },
	{ route: 'saved-replies', title: 'Saved replies', roles: ['admin', 'supervisor'], render: savedRepliesScreen },
	{ route: 'webhooks', title: 'Webhooks', roles: ['admin'], render: webhooksScreen },
];

const SOURCES = [
	['chatplugin', 'Chat plugin (website)', [['name', 'Name', true]]],
	['facebook', 'Facebook Messenger', [['page_id', 'Page id', true], ['page_token', 'Page token', true, 'password'], ['name', 'Name']]],
	['instagram', 'Instagram', [['page_id', 'Page id', true], ['account_id', 'Instagram account id', true], ['page_token', 'Page token', true, 'password'], ['name', 'Name']]],
	['whatsapp', 'WhatsApp Cloud', [['phone_number_id', 'Phone number id', true], ['user_token', 'User token', true, 'password'], ['name', 'Name', true]]],
	['google', 'Google Business Messages', [['gbm_id', 'Agent id', true], ['name', 'Name', true]]],
	['twilio.sms', 'Twilio SMS', [['phone_number', 'Phone number (E.164)', true], ['name', 'Name', true]]],
	['twilio.whatsapp', 'Twilio WhatsApp', [['phone_number', 'Phone number (E.164)', true], ['name', 'Name', true]]],
];

function page(title, ...children) {
	return h('div', { class: 'admin' }, h('h1', null, title), children);
}

function table(headers, body) {
	return h('table', null, h('thead', null, h('tr', null, headers.map((text) => h('th', { scope: 'col' }, text)))), body);
}

function button(text, onclick, feedback, label) {
	return h('button', { type: 'button', class: 'small', 'aria-label': label, onclick: async () => {
		try {
			await onclick();
		}
		catch (error) {
			feedback.fail(error);
		}
	} }, text);
}

function channelsScreen(app) {
	const feedback = status();
	const body = h('tbody');
	const source = h('select', { name: 'source' }, SOURCES.map(([key, title]) => h('option', { value: key }, title)));
	const fields = h('div');
	const connected = h('div', { role: 'status', 'aria-live': 'polite' });
	let divisions = [];

	function renderFields() {
		const [, , spec] = SOURCES.find(([key]) => key === source.value);
		show(fields, spec.map(([name, label, required, type]) =>
			field(label, h('input', { name, required, type: type || 'text', autocomplete: 'off' }))),
		field('Image URL', h('input', { name: 'image_url', type: 'url' }), 'Optional'));
	}
	source.addEventListener('change', renderFields);
	renderFields();

	async function load() {
		const [channels, list] = await Promise.all([call('channels.list'),
			call('divisions.list').catch(() => ({ data: [] }))]);
		divisions = list.data;
		show(body, channels.data.map(row));
	}

	function row(channel) {
		const division = h('select', { 'aria-label': 'Division of ' + channelName(channel), onchange: (e) =>
			call('channels.update', { channel_id: channel.id, division_id: e.target.value || null })
				.then(() => feedback.ok('Division changed.')).catch((error) => feedback.fail(error)) },
		h('option', { value: '' }, 'No division'),
		divisions.map((d) => h('option', { value: d.id, selected: d.id === channel.division_id }, d.name)));
		return h('tr', { 'data-channel-id': channel.id },
			h('td', null, channelName(channel)), h('td', null, channel.source),
			h('td', null, channel.webhook_url ? h('code', null, channel.webhook_url) : '—'),
			h('td', null, division),
			h('td', null, channel.source === 'chatplugin'
				? h('a', { href: '/chatplugin/demo.html?channel_id=' + encodeURIComponent(channel.id), target: '_blank', rel: 'noopener' }, 'Open demo page') : null,
			' ', button('Disconnect', async () => {
				if (confirm('Disconnect ' + channelName(channel) + '? Replies on it stop until it is connected again.')) {
					await call('channels.' + channel.source + '.disconnect', { channel_id: channel.id });
					app.channels.delete(channel.id);
					await load();
				}
			}, feedback, 'Disconnect ' + channelName(channel))));
	}

	const connect = form(async (values, done) => {
		const { source: key, ...rest } = values;
		const request = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ''));
		const channel = await call('channels.' + key + '.connect', request);
		app.channels.set(channel.id, channel);
		done.ok('Connected ' + channelName(channel) + '.');
		show(connected, channel.webhook_url
			? h('p', null, 'Point the platform\'s webhook at ', h('code', null, channel.webhook_url), '.')
			: channel.source === 'chatplugin' ? h('p', null, 'Try it: ',
				h('a', { href: '/chatplugin/demo.html?channel_id=' + encodeURIComponent(channel.id), target: '_blank', rel: 'noopener' },
					'open the demo page as a visitor'), '.') : null);
		connect.reset();
		renderFields();
		await load();
	}, 'Connect', field('Source', source), fields);

	load().catch((error) => feedback.fail(error));
	return page('Channels', feedback,
		table(['Name', 'Source', 'Webhook URL', 'Division', 'Actions'], body),
		h('h2', null, 'Connect a channel'), connect, connected);
}

function usersScreen(app) {
	const feedback = status();
	const body = h('tbody');
	const admin = app.role === 'admin';
	let divisions = [];

	async function load() {
		const [users, list] = await Promise.all([call('users.list', { page_size: 1000 }),
			call('divisions.list').catch(() => ({ data: [] }))]);
		divisions = list.data;
		show(body, users.data.map(row));
	}

	function row(user) {
		const name = fullName(user);
		const role = h('select', { 'aria-label': 'Role of ' + name, disabled: !admin, onchange: (e) =>
			call('users.update-role', { user_id: user.id, role: e.target.value }).then(() => feedback.ok('Role changed.'))
				.catch((error) => { feedback.fail(error); load(); }) },
		['admin', 'supervisor', 'agent'].map((r) => h('option', { value: r, selected: r === user.role }, r)));
		const userDivisions = h('select', { multiple: true, disabled: !admin, 'aria-label': 'Divisions of ' + name, size: Math.min(3, Math.max(1, divisions.length)) },
			divisions.map((d) => h('option', { value: d.id, selected: (user.division_ids || []).includes(d.id) }, d.name)));
		userDivisions.addEventListener('change', () => call('users.set-divisions', { user_id: user.id,
			division_ids: [...userDivisions.selectedOptions].map((o) => o.value) }).then(() => feedback.ok('Divisions changed.'))
			.catch((error) => feedback.fail(error)));
		return h('tr', { 'data-user-id': user.id }, h('td', null, name), h('td', null, user.email), h('td', null, role),
			h('td', null, divisions.length ? userDivisions : '—'), h('td', null, user.status),
			h('td', null, admin ? [
				user.status === 'deactivated'
					? button('Reactivate', async () => { await call('users.reactivate', { user_id: user.id }); await load(); }, feedback, 'Reactivate ' + name)
					: button('Deactivate', async () => { await call('users.deactivate', { user_id: user.id }); await load(); }, feedback, 'Deactivate ' + name),
				' ', button('Remove', async () => {
					if (confirm('Remove ' + name + ' from this workspace?')) {
						await call('users.remove', { user_id: user.id });
						await load();
					}
				}, feedback, 'Remove ' + name)] : null));
	}

	const invited = h('div', { role: 'status', 'aria-live': 'polite' });
	load().catch((error) => feedback.fail(error));
	return page('Users', feedback,
		table(['Name', 'Email', 'Role', 'Divisions', 'Status', 'Actions'], body),
		admin ? [h('h2', null, 'Invite someone'), form(async (values, done) => {
			const invitation = await call('users.invite', values);
			done.ok('Invited ' + invitation.email + '.');
			show(invited, invitation.invitation_token ? h('p', null, 'They got a mail. Their invitation link: ',
				h('code', null, location.origin + '/#/invitation?token=' + invitation.invitation_token)) : 'They already had an account and are a member now.');
			await load();
		}, 'Invite', field('Email', h('input', { name: 'email', type: 'email', required: true })),
		field('Role', h('select', { name: 'role' }, ['agent', 'supervisor', 'admin'].map((r) => h('option', { value: r }, r))))),
		invited] : null);
}

const COLORS = ['tag-blue', 'tag-green', 'tag-purple', 'tag-red'];

function tagsScreen(app) {
	const feedback = status();
	const body = h('tbody');

	async function load() {
		const answer = await call('tags.list');
		answer.tags.forEach((tag) => app.tags.set(tag.id, tag));
		show(body, answer.tags.map((tag) => {
			const name = h('input', { value: tag.name, 'aria-label': 'Name of tag ' + tag.name, required: true });
			const color = h('select', { 'aria-label': 'Colour of tag ' + tag.name },
				COLORS.map((c) => h('option', { value: c, selected: c === tag.color }, c.replace('tag-', ''))));
			return h('tr', { 'data-tag-id': tag.id }, h('td', null, h('span', { class: 'tag ' + tag.color }, tag.name)),
				h('td', null, name), h('td', null, color), h('td', null,
					button('Save', async () => {
						await call('tags.update', { id: tag.id, name: name.value, color: color.value });
						await load();
					}, feedback, 'Save tag ' + tag.name), ' ',
					button('Delete', async () => {
						if (confirm('Delete the tag ' + tag.name + '? It is removed from every conversation.')) {
							await call('tags.delete', { id: tag.id });
							app.tags.delete(tag.id);
							await load();
						}
					}, feedback, 'Delete tag ' + tag.name)));
		}));
	}

	load().catch((error) => feedback.fail(error));
	return page('Tags', feedback, table(['Tag', 'Name', 'Colour', 'Actions'], body),
		h('h2', null, 'Create a tag'), form(async (values, done) => {
			const tag = await call('tags.create', values);
			app.tags.set(tag.id, tag);
			done.ok('Created ' + tag.name + '.');
			await load();
		}, 'Create tag', field('Name', h('input', { name: 'name', required: true, maxlength: 255 })),
		field('Colour', h('select', { name: 'color' }, COLORS.map((c) => h('option', { value: c }, c.replace('tag-', '')))))));
}

function divisionsScreen(app) {
	const feedback = status();
	const body = h('tbody');
	const admin = app.role === 'admin';

	async function load() {
		const answer = await call('divisions.list');
		show(body, answer.data.map((division) => {
			const name = h('input', { value: division.name, 'aria-label': 'Name of division ' + division.name, disabled: !admin });
			return h('tr', null, h('td', null, name), h('td', null, admin ? [
				button('Rename', async () => { await call('divisions.update', { id: division.id, name: name.value }); await load(); },
					feedback, 'Rename division ' + division.name), ' ',
				button('Delete', async () => {
					if (confirm('Delete the division ' + division.name + '?')) {
						await call('divisions.delete', { id: division.id });
						await load();
					}
				}, feedback, 'Delete division ' + division.name)] : null));
		}));
	}

	load().catch((error) => feedback.fail(error));
	return page('Divisions', h('p', null, 'Agents see only the conversations of channels without a division or in one of theirs.'),
		feedback, table(['Name', 'Actions'], body),
		admin ? [h('h2', null, 'Create a division'), form(async (values, done) => {
			await call('divisions.create', values);
			done.ok('Created.');
			await load();
		}, 'Create division', field('Name', h('input', { name: 'name', required: true, maxlength: 255 })))] : null);
}

const EXAMPLE_POLICY = JSON.stringify([{ effect: 'allow', actions: ['view'], resources: ['/workspaces/*/conversations/**'] }], null, 1);

function accessKeysScreen() {
	const feedback = status();
	const body = h('tbody');
	const created = h('div', { role: 'status', 'aria-live': 'polite' });

	async function load() {
		const answer = await call('access-keys.list');
		show(body, answer.data.map((key) => h('tr', { 'data-access-key-id': key.id },
			h('td', null, key.name), h('td', null, h('pre', null, JSON.stringify(key.policies, null, 1))),
			h('td', null, key.created_at), h('td', null, key.expires_at || 'never'),
			h('td', null, button('Revoke', async () => {
				if (confirm('Revoke ' + key.name + '? Machines using it are refused from the next request on.')) {
					await call('access-keys.revoke', { id: key.id });
					await load();
				}
			}, feedback, 'Revoke ' + key.name)))));
	}

	load().catch((error) => feedback.fail(error));
	return page('Access keys', h('p', null, 'Keys let machines call the API (Authorization: AccessKey …) with the policies you give them.'),
		feedback, table(['Name', 'Policies', 'Created', 'Expires', 'Actions'], body),
		h('h2', null, 'Create an access key'), form(async (values, done) => {
			let policies;
			try {
				policies = JSON.parse(values.policies);
			}
			catch {
				throw new Error('The policies are not valid JSON.');
			}
			const key = await call('access-keys.create', { name: values.name, policies,
				expires_at: values.expires_at ? new Date(values.expires_at).toISOString() : null });
			done.ok('Created ' + key.name + '.');
			show(created, h('p', null, 'Copy the key now, it is not shown again: ', h('code', { 'data-key': '' }, key.key)));
			await load();
		}, 'Create key', field('Name', h('input', { name: 'name', required: true, maxlength: 255 })),
		field('Policies (JSON)', h('textarea', { name: 'policies', rows: 5, required: true }, EXAMPLE_POLICY),
			'A list of {effect, actions, resources}; see the API reference'),
		field('Expires', h('input', { name: 'expires_at', type: 'datetime-local' }), 'Optional')), created);
}


function sourceName(key) {
	return key ? (SOURCES.find(([source]) => source === key)?.[1] || key) : 'Every source';
}

function savedRepliesScreen() {
	const feedback = status();
	const body = h('tbody');

	async function load() {
		const answer = await call('templates.list');
		show(body, answer.data.map((template) => {
			const text = typeof template.content?.text === 'string' && Object.keys(template.content).length === 1;
			const name = h('input', { value: template.name, 'aria-label': 'Name of saved reply ' + template.name, required: true, maxlength: 100 });
			const content = text ? h('textarea', { rows: 2, maxlength: 4096, 'aria-label': 'Text of saved reply ' + template.name }, template.content.text)
				: h('pre', null, JSON.stringify(template.content, null, 1));
			return h('tr', { 'data-template-id': template.id }, h('td', null, name), h('td', null, sourceName(template.source)),
				h('td', null, content), h('td', null,
					button('Save', async () => {
						await call('templates.update', { id: template.id, name: name.value,
							...(text ? { content: { text: content.value } } : {}) });
						templatesChanged();
						feedback.ok('Saved ' + name.value + '.');
						await load();
					}, feedback, 'Save saved reply ' + template.name), ' ',
					button('Delete', async () => {
						if (confirm('Delete the saved reply ' + template.name + '? Messages sent with it stay as they are.')) {
							await call('templates.delete', { id: template.id });
							templatesChanged();
							await load();
						}
					}, feedback, 'Delete saved reply ' + template.name)));
		}));
	}

	const create = form(async (values, done) => {
		const template = await call('templates.create', { name: values.name, source: values.source || null,
			content: { text: values.text } });
		templatesChanged();
		done.ok('Created ' + template.name + '.');
		create.reset();
		await load();
	}, 'Create saved reply',
	field('Name', h('input', { name: 'name', required: true, maxlength: 100 })),
	field('Source', h('select', { name: 'source' }, h('option', { value: '' }, 'Every source'),
		SOURCES.map(([key, title]) => h('option', { value: key }, title))), 'Only conversations of this source offer it'),
	field('Text', h('textarea', { name: 'text', rows: 3, required: true, maxlength: 4096 })));

	load().catch((error) => feedback.fail(error));
	return page('Saved replies', h('p', null, 'Agents pick these in the composer and send them as they are written here.'),
		feedback, table(['Name', 'Source', 'Text', 'Actions'], body),
		h('h2', null, 'Create a saved reply'), create);
}

const EVENTS = ['message.created', 'message.updated', 'conversation.updated', 'channel.updated', 'tag.updated', 'webhook.disabled'];

function webhooksScreen() {
	const feedback = status();
	const body = h('tbody');
	const secret = h('div', { role: 'status', 'aria-live': 'polite' });
	const deliveries = h('section', { 'aria-labelledby': 'deliveries-title', hidden: true });

	async function load() {
		const answer = await call('webhooks.list');
		show(body, answer.data.map((hook) => h('tr', { 'data-webhook-id': hook.id },
			h('td', null, h('code', null, hook.url)), h('td', null, hook.events.join(', ')),
			h('td', { 'data-status': hook.status }, hook.status),
			h('td', null,
				button('Deliveries', () => showDeliveries(hook, '', true), feedback, 'Deliveries of ' + hook.url), ' ',
				button('Rotate secret', async () => {
					if (confirm('Rotate the signing secret of ' + hook.url + '? The old one signs nothing from now on.')) {
						showSecret(await call('webhooks.rotate-secret', { id: hook.id }), 'The new signing secret');
					}
				}, feedback, 'Rotate the secret of ' + hook.url), ' ',
				hook.status === 'Subscribed' ? button('Unsubscribe', async () => {
					if (confirm('Unsubscribe ' + hook.url + '? Its pending deliveries end as failed.')) {
						await call('webhooks.unsubscribe', { id: hook.id });
						await load();
					}
				}, feedback, 'Unsubscribe ' + hook.url)
					: button('Subscribe again', async () => {
						await call('webhooks.update', { id: hook.id, status: 'Subscribed' });
						feedback.ok(hook.url + ' is subscribed again.');
						await load();
					}, feedback, 'Subscribe ' + hook.url + ' again')))));
	}

	function showSecret(hook, what) {
		show(secret, h('p', null, what + ' of ', h('code', null, hook.url), '. Copy it now, it is not shown again: ',
			h('code', { 'data-secret': '' }, hook.signing_secret)));
	}

	async function showDeliveries(hook, cursor = '', focus = false) {
		const page = await call('webhooks.deliveries', { id: hook.id, cursor, page_size: 20 });
		const rows = h('tbody');
		show(rows, page.data.length === 0 ? h('tr', null, h('td', { colspan: 6 }, 'No deliveries yet.')) : page.data.map((delivery) =>
			h('tr', { 'data-delivery-id': delivery.id, 'data-status': delivery.status },
				h('td', null, delivery.type), h('td', null, delivery.status), h('td', null, String(delivery.attempts)),
				h('td', null, delivery.last_status_code == null ? '—' : String(delivery.last_status_code), delivery.last_error ? ' ' + delivery.last_error : ''),
				h('td', null, delivery.delivered_at || (delivery.next_attempt_at ? 'next try ' + delivery.next_attempt_at : '—')),
				h('td', null, button('Redeliver', async () => {
					await call('webhooks.redeliver', { delivery_id: delivery.id });
					feedback.ok('The event is sent again.');
					await showDeliveries(hook, cursor);
				}, feedback, 'Redeliver ' + delivery.type + ' ' + delivery.event_id)))));
		const next = page.response_metadata?.next_cursor;
		deliveries.hidden = false;
		show(deliveries, h('h2', { id: 'deliveries-title' }, 'Deliveries to ', hook.url),
			h('p', null, button('Refresh', () => showDeliveries(hook), feedback, 'Refresh the deliveries'),
				next ? [' ', button('Older deliveries', () => showDeliveries(hook, next), feedback)] : null),
			table(['Event', 'Status', 'Attempts', 'Last answer', 'Delivered', 'Actions'], rows));
		if (focus) {
			deliveries.querySelector('h2').setAttribute('tabindex', '-1');
			deliveries.querySelector('h2').focus();
		}
	}

	const subscribe = form(async (values, done) => {
		const events = EVENTS.filter((event) => values['event.' + event] === 'on');
		const headers = headerLines(values.headers || '');
		const hook = await call('webhooks.subscribe', { url: values.url, ...(events.length ? { events } : {}), headers });
		done.ok('Subscribed ' + hook.url + '.');
		showSecret(hook, 'The signing secret');
		subscribe.reset();
		await load();
	}, 'Subscribe', field('URL', h('input', { name: 'url', type: 'url', required: true, maxlength: 2048, placeholder: 'https://bot.example.com/switchboard' })),
	h('fieldset', null, h('legend', null, 'Events (none ticked: every event but webhook.disabled)'),
		EVENTS.map((event) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'event.' + event }), ' ', event))),
	field('Headers', h('textarea', { name: 'headers', rows: 2, placeholder: 'X-Api-Key: abc' }), 'Optional: one "Name: value" a line, sent with every delivery'));

	load().catch((error) => feedback.fail(error));
	return page('Webhooks', h('p', null, 'Every event of the workspace is posted to these URLs, signed with the subscription\'s secret',
		' (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature).'),
	feedback, secret, table(['URL', 'Events', 'Status', 'Actions'], body), deliveries,
	h('h2', null, 'Subscribe a URL'), subscribe);
}

function headerLines(text) {
	const headers = {};
	for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
		const colon = line.indexOf(':');
		if (colon < 1) {
			throw new Error('Each header line is "Name: value": ' + line);
		}
		headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
	}
	return headers;
}
