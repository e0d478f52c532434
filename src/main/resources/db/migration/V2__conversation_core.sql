-- Channels, conversations (with their contact), tags on conversations, messages, the
-- delivery outbox and idempotency keys of messages.send.

create extension if not exists pg_trgm;

create table channels (
    id                uuid primary key,
    source            text        not null,
    source_channel_id text        not null,
    name              text        not null,
    image_url         text,
    connected         boolean     not null,
    -- AES-GCM sealed platform credentials; null once disconnected
    credentials       bytea,
    -- source-specific settings that are not secret (page id, account id)
    settings          jsonb       not null default '{}',
    -- set when the platform refused the stored token
    needs_reconnect   boolean     not null default false,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    -- connecting is idempotent: one channel per source and platform id
    constraint channels_source_key unique (source, source_channel_id)
);

create table conversations (
    id                uuid primary key,
    channel_id        uuid        not null references channels (id),
    source            text        not null,
    -- the contact: one contact on one channel
    contact_id        uuid        not null,
    source_contact_id text        not null,
    display_name      text        not null,
    first_name        text,
    last_name         text,
    avatar_url        text,
    state             text        not null check (state in ('OPEN', 'CLOSED')),
    unread_count      integer     not null default 0 check (unread_count >= 0),
    metadata          jsonb       not null default '{}',
    last_message_id   uuid,
    last_activity_at  timestamptz not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    constraint conversations_contact_key unique (channel_id, source_contact_id)
);
-- conversations.list: newest activity first, keyset on (last_activity_at, id)
create index conversations_activity_idx on conversations (last_activity_at desc, id desc);
-- filters
create index conversations_channel_activity_idx on conversations (channel_id, last_activity_at desc, id desc);
create index conversations_source_activity_idx on conversations (source, last_activity_at desc, id desc);
create index conversations_unread_activity_idx on conversations (last_activity_at desc, id desc) where unread_count > 0;
create index conversations_state_activity_idx on conversations (state, last_activity_at desc, id desc);
create index conversations_created_at_idx on conversations (created_at);
create index conversations_display_name_trgm_idx on conversations using gin (lower(display_name) gin_trgm_ops);
create index conversations_metadata_idx on conversations using gin (metadata jsonb_path_ops);

-- deleting a tag removes it from every conversation
create table conversation_tags (
    conversation_id uuid not null references conversations (id) on delete cascade,
    tag_id          uuid not null references tags (id) on delete cascade,
    primary key (conversation_id, tag_id)
);
create index conversation_tags_tag_idx on conversation_tags (tag_id, conversation_id);

create table messages (
    id                uuid primary key,
    conversation_id   uuid        not null references conversations (id),
    channel_id        uuid        not null,
    source            text        not null,
    sender_type       text        not null check (sender_type in ('source_contact', 'source_user', 'app_user')),
    sender_id         text        not null,
    sender_name       text,
    content           jsonb       not null,
    source_content    jsonb,
    delivery_state    text        not null check (delivery_state in ('PENDING', 'DELIVERED', 'FAILED')),
    metadata          jsonb       not null default '{}',
    -- the platform's message id; a redelivered webhook cannot create a second message
    source_message_id text,
    sent_at           timestamptz not null,
    updated_at        timestamptz not null
);
-- messages.list: keyset on (sent_at, id) within a conversation
create index messages_conversation_sent_idx on messages (conversation_id, sent_at, id);
create unique index messages_source_message_key on messages (channel_id, source_message_id)
    where source_message_id is not null;

-- the transactional outbox: a message and its delivery job commit together
create table delivery_jobs (
    message_id      uuid primary key references messages (id) on delete cascade,
    attempts        integer     not null default 0,
    -- when the job may next be claimed; a claim pushes it out by the lease, so a job
    -- whose worker died is claimed again once the lease has passed
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null
);
create index delivery_jobs_due_idx on delivery_jobs (next_attempt_at);

-- messages.send idempotency: the same key from the same user within 24 hours sends once
create table message_idempotency_keys (
    user_id    uuid        not null,
    key        text        not null,
    message_id uuid        not null references messages (id) on delete cascade deferrable initially deferred,
    created_at timestamptz not null,
    primary key (user_id, key)
);
create index message_idempotency_keys_created_idx on message_idempotency_keys (created_at);

-- deep set of a dotted metadata key: creates missing objects on the way, replaces
-- scalars that stand where an object is needed
create function jsonb_set_deep(target jsonb, path text[], value jsonb) returns jsonb
    language plpgsql immutable as
$$
begin
    if coalesce(array_length(path, 1), 0) = 0 then
        return value;
    end if;
    if target is null or jsonb_typeof(target) <> 'object' then
        target := '{}'::jsonb;
    end if;
    return jsonb_set(target, path[1:1], jsonb_set_deep(target -> path[1], path[2:], value), true);
end
$$;
