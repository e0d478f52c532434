-- Users, their one-time tokens (password reset, invitation), login throttling, tags.

create table users (
    id            uuid primary key,
    email         text        not null,
    first_name    text,
    last_name     text,
    password_hash text,
    role          text        not null check (role in ('ADMIN', 'SUPERVISOR', 'AGENT')),
    status        text        not null check (status in ('ACTIVE', 'INVITED')),
    -- tokens issued before this instant are refused (set by a password reset)
    credentials_changed_at timestamptz not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
-- emails are unique whatever their letter case; the service stores them lower-cased
create unique index users_email_key on users (lower(email));
-- users.list pages by (created_at, id)
create index users_created_at_id_idx on users (created_at, id);
create index users_role_idx on users (role) where status = 'ACTIVE';

-- one-time tokens are stored as SHA-256 hashes, never in the clear
create table user_tokens (
    token_hash bytea primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    purpose    text        not null check (purpose in ('PASSWORD_RESET', 'INVITATION')),
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null
);
create index user_tokens_user_idx on user_tokens (user_id, purpose);

create table login_failures (
    email     text        not null,
    failed_at timestamptz not null
);
create index login_failures_email_idx on login_failures (email, failed_at);

create table tags (
    id         uuid primary key,
    name       text        not null,
    color      text        not null check (color in ('tag-red', 'tag-blue', 'tag-green', 'tag-purple')),
    created_at timestamptz not null
);
create unique index tags_name_key on tags (lower(name));
