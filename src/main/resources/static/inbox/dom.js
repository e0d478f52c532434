/*
 * Building the page without markup: every value goes in as a text node or a checked
 * attribute, never as HTML. What customers write is hostile; it can only ever be text.
 */

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'required']);

/**
 * h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child…): an element
 * whose children are strings (as text), nodes, arrays of them, or null (skipped).
 */
export function h(tag, props, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(props || {})) {
		if (value == null || value === false) {
			continue;
		}
		if (name.startsWith('on')) {
			element.addEventListener(name.slice(2), value);
		}
		else if (name === 'href' || name === 'src') {
			const safe = safeUrl(value);
			if (safe) {
				element.setAttribute(name, safe);
			}
		}
		else if (PROPERTIES.has(name)) {
			element[name] = value;
		}
		else {
			element.setAttribute(name, value === true ? '' : String(value));
		}
	}
	append(element, children);
	return element;
}

function append(element, children) {
	for (const child of children) {
		if (child == null || child === false) {
			continue;
		}
		if (Array.isArray(child)) {
			append(element, child);
		}
		else {
			element.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
	}
}

/** Replaces what an element shows. */
export function show(element, ...children) {
	element.replaceChildren();
	append(element, children);
	return element;
}

/**
 * A URL the page may link to or load: http(s) and mailto on any host, relative paths on
 * this one. Anything else (javascript:, data:, vbscript:) is null.
 */
export function safeUrl(value) {
	try {
		const url = new URL(String(value), location.origin);
		return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
	}
	catch {
		return null;
	}
}

export function sameOrigin(value) {
	const safe = safeUrl(value);
	return safe != null && new URL(safe).origin === location.origin;
}

const LINK = /\bhttps?:\/\/[^\s<>"']+/g;

/** Text with its http(s) links made clickable, the rest as text. */
export function linkified(text) {
	const parts = [];
	let at = 0;
	for (const match of String(text).matchAll(LINK)) {
		const url = match[0].replace(/[.,;:!?)]+$/, '');
		parts.push(text.slice(at, match.index));
		parts.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, url));
		at = match.index + url.length;
	}
	parts.push(String(text).slice(at));
	return parts;
}

let fields = 0;

/** A labelled form field: label, control and its hint, linked for screen readers. */
export function field(label, control, hint) {
	const id = control.id || ('f' + (++fields));
	control.id = id;
	const hintElement = hint ? h('small', { id: id + '-hint', class: 'hint' }, hint) : null;
	if (hintElement) {
		control.setAttribute('aria-describedby', hintElement.id);
	}
	return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintElement);
}

export function formValues(form) {
	return Object.fromEntries(new FormData(form).entries());
}

export function time(value) {
	if (!value) {
		return '';
	}
	const date = new Date(value);
	const today = new Date();
	return date.toDateString() === today.toDateString()
		? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
		: date.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** A status line for a form: errors in an alert, successes politely. */
export function status() {
	const element = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
	element.fail = (error) => {
		element.className = 'status error';
		show(element, error.message || String(error));
	};
	element.ok = (text) => {
		element.className = 'status ok';
		show(element, text);
	};
	element.clear = () => show(element);
	return element;
}
