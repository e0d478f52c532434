/*
 * The composer's tools beside text: saved replies (templates.list for the conversation's
 * source, sent as {template_id}) and attachments (media.upload-url, the bytes PUT to the
 * signed upload URL, then sent as {attachment}). The composer draws its tools again on every
 * change of its conversation: a tool keeps its element, and what is picked in it, for as
 * long as the conversation and its channel's state stay the same.
 */
import { ApiError, call } from './api.js';
import { field, h, show, status } from './dom.js';
import { composerTools } from './inbox.js';

composerTools.push(toolOnce(savedReplies), toolOnce(attachment));

function toolOnce(make) {
	let shown = null;
	return (context) => {
		const key = context.conversation?.id + ':' + (context.channel?.id || '') + ':' + context.connected;
		if (shown?.key !== key) {
			shown = { key, element: context.conversation ? make(context) : null };
		}
		return shown.element;
	};
}

// the templates a source may use, read at most once a minute (no event says they changed)
const templates = new Map();

function templatesFor(source) {
	const known = templates.get(source);
	if (known && Date.now() - known.at < 60000) {
		return known.list;
	}
	const list = call('templates.list', source ? { source } : {}).then((answer) => answer.data);
	templates.set(source, { at: Date.now(), list });
	list.catch(() => templates.delete(source));
	return list;
}

/** Forgets the templates read, after a change on the saved replies screen. */
export function templatesChanged() {
	templates.clear();
}

function savedReplies({ conversation, channel, connected, send }) {
	const feedback = status();
	const select = h('select', { name: 'template_id', disabled: true }, h('option', { value: '' }, 'Loading…'));
	const button = h('button', { type: 'button', class: 'small', disabled: true, onclick: async () => {
		if (!select.value) {
			feedback.fail(new Error('Choose a saved reply first.'));
			return;
		}
		button.disabled = true;
		feedback.clear();
		if (await send({ template_id: select.value })) {
			select.value = '';
		}
		button.disabled = false;
	} }, 'Send saved reply');
	const source = channel?.source || conversation.channel?.source;
	templatesFor(source).then((list) => {
		show(select, h('option', { value: '' }, list.length ? 'Choose a saved reply' : 'No saved replies'),
			list.map((template) => h('option', { value: template.id }, template.name + ': ' + preview(template.content))));
		select.disabled = !connected || list.length === 0;
		button.disabled = select.disabled;
	}).catch((error) => {
		show(select, h('option', { value: '' }, 'Saved replies are unavailable'));
		feedback.fail(error);
	});
	return h('div', { class: 'tool', 'data-tool': 'saved-replies' }, field('Saved reply', select), button, feedback);
}

function preview(content) {
	const text = content?.text ?? (content?.attachment ? '[' + content.attachment.type + ']' : '[message]');
	return text.length > 60 ? text.slice(0, 59) + '…' : text;
}

function attachment({ channel, connected, send }) {
	const feedback = status();
	const input = h('input', { type: 'file', name: 'file', disabled: !connected });
	const button = h('button', { type: 'button', class: 'small', disabled: !connected, onclick: async () => {
		const file = input.files[0];
		if (!file) {
			feedback.fail(new Error('Choose a file to attach first.'));
			return;
		}
		button.disabled = true;
		feedback.ok('Uploading ' + file.name + '…');
		try {
			const url = await upload(channel.id, file);
			feedback.clear();
			const type = file.type.startsWith('image/') ? 'image' : 'file';
			if (await send({ attachment: { type, url, name: file.name.slice(0, 256) } })) {
				input.value = '';
			}
		}
		catch (error) {
			feedback.fail(error);
		}
		finally {
			button.disabled = false;
		}
	} }, 'Send file');
	return h('div', { class: 'tool', 'data-tool': 'attachment' }, field('Attach a file', input), button, feedback);
}

/**
 * Uploads a file for a channel and answers its media URL. The upload URL is this server's
 * (switchboard.public-url): its path and signature are sent to the page's own origin, which
 * the page's policy (connect-src 'self') allows whatever public address the server has.
 */
async function upload(channelId, file) {
	if (file.size === 0) {
		throw new Error('The file is empty.');
	}
	const contentType = file.type || 'application/octet-stream';
	const presigned = await call('media.upload-url', { channel_id: channelId, content_type: contentType,
		filename: file.name.slice(0, 255), size: file.size });
	const target = new URL(presigned.upload_url, location.origin);
	let response;
	try {
		response = await fetch(target.pathname + target.search, { method: presigned.upload_method || 'PUT',
			headers: { 'Content-Type': contentType }, body: file });
	}
	catch {
		throw new ApiError(0, { detail: 'The upload did not reach the server. Check your connection and try again.' });
	}
	if (!response.ok) {
		const problem = await response.json().catch(() => ({}));
		throw new ApiError(response.status, { detail: uploadError(response.status, problem) });
	}
	return presigned.media_url;
}

function uploadError(status, problem) {
	const detail = problem.detail ? ' ' + problem.detail : '';
	switch (status) {
		case 413: return 'The file is too large to send.' + detail;
		case 415: return 'The file is not of the type it claims to be.' + detail;
		case 403: return 'The upload link has expired. Try again.';
		default: return problem.detail || ('The upload failed (' + status + ').');
	}
}
