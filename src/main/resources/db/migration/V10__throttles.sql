-- Failed logins count per (email, client address) and per client address, so an
-- attacker's address is slowed while the account's owner, elsewhere, still logs in.
alter table login_failures add column client_address text not null default '';
alter table login_failures alter column client_address drop default;
drop index login_failures_email_idx;
create index login_failures_email_address_idx on login_failures (email, client_address, failed_at);
create index login_failures_address_idx on login_failures (client_address, failed_at);

-- Allowed users.request-password-reset calls, counted per email and per client address.
create table password_reset_requests (
    email          text        not null,
    client_address text        not null,
    requested_at   timestamptz not null
);
create index password_reset_requests_email_idx on password_reset_requests (email, requested_at);
create index password_reset_requests_address_idx on password_reset_requests (client_address, requested_at);

-- Chat plugin conversations started (by a visitor's first message), counted per channel and
-- per client address.
create table chatplugin_starts (
    channel_id     uuid        not null,
    client_address text        not null,
    started_at     timestamptz not null
);
create index chatplugin_starts_channel_idx on chatplugin_starts (channel_id, started_at);
create index chatplugin_starts_address_idx on chatplugin_starts (client_address, started_at);
