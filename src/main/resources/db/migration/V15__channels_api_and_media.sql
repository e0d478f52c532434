-- The resource-style Channels API (seed 004): interactions of messages, presigned uploads
-- and the link between media and the messages that carry them.

-- Every receipt, read, click and reaction a platform reports on a message, in the order
-- they were recorded (seq); detail holds what a reaction was, say.
create table message_interactions (
    id           uuid primary key,
    seq          bigint generated always as identity,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    message_id   uuid        not null references messages (id) on delete cascade,
    type         text        not null check (type in ('delivered', 'read', 'clicked', 'reaction')),
    detail       jsonb,
    created_at   timestamptz not null
);

create index message_interactions_message_idx on message_interactions (message_id, seq);

-- GET /workspaces/{ws}/channels/{id}/messages: keyset on (sent_at, id) within a channel,
-- newest first
create index messages_channel_sent_idx on messages (channel_id, sent_at desc, id desc);

-- A presigned upload: its id is the id of the media it becomes; used once, before it
-- expires, for the channel it was asked for.
create table media_uploads (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    channel_id   uuid        not null references channels (id) on delete cascade,
    content_type text        not null,
    filename     text,
    size         bigint      not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    created_at   timestamptz not null
);

-- The media a message carries: email attachments stored as they arrive, and platforms'
-- media (WhatsApp) fetched on first use by source_media_id, the platform's id. The
-- content URL of such media is /workspaces/{ws}/messages/{message_id}/media/{media_id}
-- (media_id the platform's id where there is one).
create table message_media (
    message_id      uuid not null references messages (id) on delete cascade,
    media_id        uuid not null references media (id) on delete cascade,
    workspace_id    uuid not null references workspaces (id) on delete cascade,
    source_media_id text,
    primary key (message_id, media_id)
);

create unique index message_media_source_key on message_media (message_id, source_media_id)
    where source_media_id is not null;
