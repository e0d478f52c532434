-- Seed 002. An account is a channel: its key (the last segment of its webhook URL), its
-- default flag and its verify token live on the channel's row. An integration holds the
-- app-level settings of one channel type in a workspace, sealed.

alter table channels add column account_key text;
-- AES-GCM sealed, bound to the channel id
alter table channels add column verify_token bytea;
alter table channels add column is_default boolean not null default false;

update channels set account_key = case source
        when 'whatsapp' then 'wa-' || source_channel_id
        when 'facebook' then 'fb-' || source_channel_id
        when 'instagram' then 'ig-' || source_channel_id
        when 'chatplugin' then 'chatplugin-' || id
        else source || '-' || source_channel_id
    end;
alter table channels alter column account_key set not null;

-- the webhook URL /<source>/<account_key> names one account whatever its workspace
create unique index channels_account_key on channels (source, account_key);
-- at most one default account per workspace and source
create unique index channels_default_account on channels (workspace_id, source) where is_default;

create table integrations (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    channel      text        not null,
    is_active    boolean     not null,
    -- AES-GCM sealed JSON object, bound to the integration id
    config       bytea       not null,
    division_id  uuid        references divisions (id) on delete set null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    constraint integrations_workspace_channel unique (workspace_id, channel)
);
