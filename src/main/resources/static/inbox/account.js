/*
 * The account screens: sign in, first sign-up, invitation, password reset, workspaces.
 */
import { call, signIn } from './api.js';
import { field, formValues, h, show, status } from './dom.js';

function screen(title, ...children) {
	return h('div', { class: 'account' }, h('h1', null, title), children);
}

function form(submit, button, ...fields) {
	const feedback = status();
	const element = h('form', { class: 'stack', onsubmit: async (e) => {
		e.preventDefault();
		feedback.clear();
		try {
			await submit(formValues(element), feedback);
		}
		catch (error) {
			feedback.fail(error);
		}
	} }, fields, h('button', { type: 'submit' }, button), feedback);
	return element;
}

const email = () => h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true });
const password = (auto) => h('input', { name: 'password', type: 'password', autocomplete: auto, required: true, minlength: 6 });
const names = () => [field('First name', h('input', { name: 'first_name', autocomplete: 'given-name', required: true })),
	field('Last name', h('input', { name: 'last_name', autocomplete: 'family-name', required: true }))];

export function loginScreen(reason) {
	return screen('Sign in to Switchboard',
		reason ? h('p', { class: 'status error', role: 'alert', 'data-reason': '' }, reason) : null,
		form(async (values) => {
			performance.mark('switchboard:sign-in');
			signIn(await call('users.login', values, { anonymous: true }));
		}, 'Sign in',
			field('Email', email()), field('Password', password('current-password'))),
		h('p', null, h('a', { href: '#/reset' }, 'Forgot your password?')),
		h('p', null, 'New installation? ', h('a', { href: '#/signup' }, 'Create the first account'),
			'. Invited? ', h('a', { href: '#/invitation' }, 'Accept your invitation'), '.'));
}

export function signupScreen() {
	return screen('Create an account',
		h('p', null, 'The first account of a new installation becomes its admin. Later, people join by invitation.'),
		form(async (values) => signIn(await call('users.signup', values, { anonymous: true })), 'Create account',
			names(), field('Email', email()), field('Password', password('new-password'), 'At least 6 characters')),
		h('p', null, h('a', { href: '#/login' }, 'Back to sign in')));
}

export function invitationScreen(token) {
	return screen('Accept your invitation',
		form(async (values) => signIn(await call('users.accept-invitation', values, { anonymous: true })), 'Join',
			field('Invitation token', h('input', { name: 'token', value: token || '', required: true }), 'From your invitation mail'),
			names(), field('Password', password('new-password'), 'At least 6 characters')),
		h('p', null, h('a', { href: '#/login' }, 'Back to sign in')));
}

export function resetScreen(token) {
	const request = form(async (values, feedback) => {
		await call('users.request-password-reset', values, { anonymous: true });
		feedback.ok('If that address has an account, a reset token is on its way.');
	}, 'Send reset token', field('Email', email()));
	const reset = form(async (values, feedback) => {
		await call('users.password-reset', values, { anonymous: true });
		feedback.ok('Your password is changed. You can sign in now.');
	}, 'Set new password', field('Reset token', h('input', { name: 'token', value: token || '', required: true })),
		field('New password', h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: 6 })));
	return screen('Reset your password', h('h2', null, '1. Ask for a token'), request,
		h('h2', null, '2. Choose a new password'), reset, h('p', null, h('a', { href: '#/login' }, 'Back to sign in')));
}

export function workspacesScreen(app) {
	const list = h('ul', { class: 'rows' });
	const feedback = status();
	call('workspaces.list').then((answer) => show(list, answer.data.map((workspace) => h('li', null,
		h('span', null, workspace.name, ' · ', workspace.role),
		workspace.id === app.session.workspace_id ? h('strong', null, 'current')
			: h('button', { type: 'button', class: 'small', onclick: async () => {
				try {
					signIn(await call('workspaces.switch', { workspace_id: workspace.id }));
					location.hash = '#/inbox';
				}
				catch (error) {
					feedback.fail(error);
				}
			} }, 'Switch to ' + workspace.name))))).catch((error) => feedback.fail(error));
	return h('div', { class: 'admin' }, h('h1', null, 'Workspaces'), feedback, list,
		app.role === 'admin' ? [
			h('h2', null, 'Rename this workspace'),
			form(async (values, done) => {
				await call('workspaces.update', values);
				done.ok('Renamed.');
			}, 'Rename', field('Name', h('input', { name: 'name', required: true, maxlength: 255 }))),
			h('h2', null, 'Create a workspace'),
			form(async (values, done) => {
				await call('workspaces.create', values);
				done.ok('Created: switch to it above.');
				location.reload();
			}, 'Create', field('Name', h('input', { name: 'name', required: true, maxlength: 255 })))] : null);
}

export { form };
