/*
 * One message as the agent sees it: every content type of api.md "Content", as text and
 * checked links. Media from this server is shown inline; media on other hosts is a link,
 * so that opening a conversation sends no request to a host a customer chose.
 */
import { h, linkified, sameOrigin, safeUrl, time } from './dom.js';

const SENDERS = { source_contact: 'Contact', app_user: 'You', source_user: 'Business' };

export function messageElement(message, { onResend }) {
	const fromContact = message.sender_type === 'source_contact';
	const state = message.delivery_state;
	const error = message.metadata?.error;
	return h('li', {
		class: 'message ' + (fromContact ? 'in' : 'out'),
		'data-message-id': message.id,
		'data-sender-type': message.sender_type,
		'data-delivery-state': state,
	},
		h('div', { class: 'bubble' }, body(message)),
		h('p', { class: 'meta' },
			h('span', null, message.sender?.name || SENDERS[message.sender_type] || message.sender_type), ' · ',
			h('time', { datetime: message.sent_at }, time(message.sent_at)),
			fromContact ? null : [' · ', h('span', { class: 'delivery ' + String(state).toLowerCase() }, label(state))]),
		state === 'FAILED' ? h('p', { class: 'failure', role: 'alert' },
			h('span', { 'data-error': '' }, 'Not delivered: ' + (error || 'the platform refused the message.')), ' ',
			h('button', { type: 'button', class: 'small', onclick: () => onResend(message) }, 'Resend')) : null);
}

function label(state) {
	return { PENDING: 'Sending', DELIVERED: 'Delivered', FAILED: 'Failed' }[state] || String(state);
}

function body(message) {
	const content = message.content || {};
	switch (content.type) {
		case 'text':
			return h('p', { class: 'text' }, linkified(content.text ?? ''));
		case 'image':
			return media(content, (url) => h('img', { src: url, alt: content.name || 'Image from the contact' }), 'Image');
		case 'video':
			return media(content, (url) => h('video', { src: url, controls: true }), 'Video');
		case 'audio':
			return media(content, (url) => h('audio', { src: url, controls: true }), 'Audio');
		case 'file':
			return media(content, null, 'File');
		case 'location':
			return location(content);
		case 'postback':
			return h('p', { class: 'text' }, h('span', { class: 'kind' }, 'Button pressed: '),
				content.text ?? '', ' ', h('code', null, String(content.payload ?? '')));
		case 'template':
			return h('div', null, h('p', { class: 'kind' }, 'Template'), raw(content, 'Template content'));
		default:
			return h('div', null, h('p', { class: 'kind' }, 'Unsupported content (' + (content.type || 'unknown') + ')'),
				raw(message.source_content ?? content, 'Raw payload'));
	}
}

function media(content, inline, kind) {
	const url = safeUrl(content.url);
	const name = content.name || kind;
	const link = url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, name)
		: h('span', null, name + ' (no usable address)');
	const caption = content.text ? h('p', { class: 'text' }, linkified(content.text)) : null;
	if (url && inline && sameOrigin(url)) {
		return h('figure', null, inline(url), h('figcaption', null, link), caption);
	}
	return h('div', null, h('p', { class: 'text' }, h('span', { class: 'kind' }, kind + ': '), link,
		url && !sameOrigin(url) ? h('small', { class: 'hint' }, ' (on ' + new URL(url).host + ')') : null), caption);
}

function location(content) {
	const latitude = Number(content.latitude);
	const longitude = Number(content.longitude);
	const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
	return h('p', { class: 'text' }, h('span', { class: 'kind' }, 'Location: '), content.name ? content.name + ' ' : '',
		h('a', { href: map, target: '_blank', rel: 'noopener noreferrer' }, latitude + ', ' + longitude));
}

function raw(value, summary) {
	return h('details', null, h('summary', null, summary), h('pre', null, JSON.stringify(value, null, 2)));
}
