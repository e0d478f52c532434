-- Divisions are teams inside a workspace: an agent sees the conversations of channels
-- without a division or of a division they belong to. Conversations have an assignee.

create table divisions (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    name         text        not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create unique index divisions_workspace_name_key on divisions (workspace_id, lower(name));

alter table channels add column division_id uuid references divisions (id) on delete set null;
create index channels_division_idx on channels (division_id) where division_id is not null;

create table membership_divisions (
    workspace_id uuid not null,
    user_id      uuid not null,
    division_id  uuid not null references divisions (id) on delete cascade,
    primary key (workspace_id, user_id, division_id),
    foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade
);
create index membership_divisions_division_idx on membership_divisions (division_id);

alter table conversations add column assignee_id uuid references users (id) on delete set null;
create index conversations_assignee_activity_idx
    on conversations (workspace_id, assignee_id, last_activity_at desc, id desc) where assignee_id is not null;
