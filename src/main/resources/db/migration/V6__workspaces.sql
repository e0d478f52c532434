-- Workspaces are the tenants: every owned row names its workspace, and every list index
-- leads with it. An installation that already has data moves into one workspace, Default.

create table workspaces (
    id         uuid primary key,
    name       text        not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index workspaces_created_at_idx on workspaces (created_at, id);

-- a user's role is per workspace; a deactivated membership refuses the user's tokens for
-- that workspace and its logins
create table memberships (
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    user_id      uuid        not null references users (id) on delete cascade,
    role         text        not null check (role in ('ADMIN', 'SUPERVISOR', 'AGENT')),
    active       boolean     not null default true,
    last_used_at timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    primary key (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
create index memberships_workspace_created_idx on memberships (workspace_id, created_at, user_id);

insert into workspaces (id, name, created_at, updated_at)
select gen_random_uuid(), 'Default', now(), now()
where exists (select 1 from users) or exists (select 1 from channels) or exists (select 1 from tags)
   or exists (select 1 from events);

insert into memberships (workspace_id, user_id, role, active, created_at, updated_at)
select w.id, u.id, u.role, true, u.created_at, u.updated_at
from users u cross join (select id from workspaces order by created_at limit 1) w;

alter table users drop column role;

-- an invitation names the workspace it invites into
alter table user_tokens add column workspace_id uuid references workspaces (id) on delete cascade;
update user_tokens set workspace_id = (select id from workspaces order by created_at limit 1)
where purpose = 'INVITATION';

-- the owned tables
alter table channels add column workspace_id uuid references workspaces (id);
alter table tags add column workspace_id uuid references workspaces (id);
alter table conversations add column workspace_id uuid references workspaces (id);
alter table messages add column workspace_id uuid references workspaces (id);
alter table delivery_jobs add column workspace_id uuid references workspaces (id);
alter table message_idempotency_keys add column workspace_id uuid references workspaces (id);
alter table events add column workspace_id uuid references workspaces (id);

update channels set workspace_id = (select id from workspaces order by created_at limit 1);
update tags set workspace_id = (select id from workspaces order by created_at limit 1);
update conversations set workspace_id = (select id from workspaces order by created_at limit 1);
update messages set workspace_id = (select id from workspaces order by created_at limit 1);
update delivery_jobs set workspace_id = (select id from workspaces order by created_at limit 1);
update message_idempotency_keys set workspace_id = (select id from workspaces order by created_at limit 1);
update events set workspace_id = (select id from workspaces order by created_at limit 1);

alter table channels alter column workspace_id set not null;
alter table tags alter column workspace_id set not null;
alter table conversations alter column workspace_id set not null;
alter table messages alter column workspace_id set not null;
alter table delivery_jobs alter column workspace_id set not null;
alter table message_idempotency_keys alter column workspace_id set not null;
alter table events alter column workspace_id set not null;

-- channels: a platform account belongs to one workspace (checked when connecting, under
-- the account's lock); chat plugin channels are unique by name within their workspace
alter table channels drop constraint channels_source_key;
create unique index channels_workspace_source_key on channels (workspace_id, source, source_channel_id);
create index channels_source_account_idx on channels (source, source_channel_id);
create index channels_workspace_created_idx on channels (workspace_id, created_at, id) where connected;

drop index tags_name_key;
create unique index tags_workspace_name_key on tags (workspace_id, lower(name));

-- conversations.list walks (workspace, activity) keyset indexes
drop index conversations_activity_idx;
drop index conversations_source_activity_idx;
drop index conversations_unread_activity_idx;
drop index conversations_state_activity_idx;
drop index conversations_created_at_idx;
create index conversations_activity_idx on conversations (workspace_id, last_activity_at desc, id desc);
create index conversations_source_activity_idx on conversations (workspace_id, source, last_activity_at desc, id desc);
create index conversations_unread_activity_idx on conversations (workspace_id, last_activity_at desc, id desc)
    where unread_count > 0;
create index conversations_state_activity_idx on conversations (workspace_id, state, last_activity_at desc, id desc);
create index conversations_created_at_idx on conversations (workspace_id, created_at);

-- idempotency keys belong to a user in a workspace
alter table message_idempotency_keys drop constraint message_idempotency_keys_pkey;
alter table message_idempotency_keys add primary key (workspace_id, user_id, key);

-- events.list reads a workspace's events in position order
create index events_workspace_position_idx on events (workspace_id, position) where position is not null;
