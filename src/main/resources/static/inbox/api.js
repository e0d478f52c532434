/*
 * The public API with the signed-in user's token. The token lives in memory and in
 * sessionStorage (gone with the tab), never in localStorage or a cookie.
 */

const KEY = 'switchboard.inbox.session';

let current = read();
const listeners = new Set();

function read() {
	try {
		return JSON.parse(sessionStorage.getItem(KEY) || 'null');
	}
	catch {
		return null;
	}
}

export class ApiError extends Error {
	constructor(status, problem) {
		super(problem.detail || problem.title || ('The server answered ' + status + '.'));
		this.status = status;
		this.errors = problem.errors || [];
	}
}

/** {token, user_id, workspace_id} of the signed-in user, or null. */
export function session() {
	return current;
}

export function signIn(answer) {
	current = { token: answer.token, user_id: answer.id, workspace_id: answer.workspace_id };
	sessionStorage.setItem(KEY, JSON.stringify(current));
	listeners.forEach((listener) => listener(current, null));
}

/** Forgets the token; reason says why (shown on the login screen), null when asked to. */
export function signOut(reason) {
	current = null;
	sessionStorage.removeItem(KEY);
	listeners.forEach((listener) => listener(null, reason));
}

export function onSession(listener) {
	listeners.add(listener);
}

/** When the token expires, in milliseconds since the epoch (0 when unknown). */
export function expiry() {
	try {
		const claims = JSON.parse(atob(current.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
		return claims.exp * 1000;
	}
	catch {
		return 0;
	}
}

/**
 * POST /endpoint with a JSON body. A 401 on a signed-in call signs out (the login screen
 * says why); every other error is an ApiError with the problem's detail.
 */
export async function call(endpoint, body, { anonymous = false, headers = {} } = {}) {
	const token = anonymous ? null : current?.token;
	const request = { 'Content-Type': 'application/json', ...headers };
	if (token) {
		request.Authorization = 'Bearer ' + token;
	}
	let response;
	try {
		response = await fetch('/' + endpoint, { method: 'POST', headers: request, body: JSON.stringify(body ?? {}) });
	}
	catch {
		throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
	}
	const answer = await response.json().catch(() => ({}));
	if (response.status === 401 && token) {
		signOut('Your session has ended. Please sign in again.');
	}
	if (!response.ok) {
		throw new ApiError(response.status, answer);
	}
	return answer;
}
