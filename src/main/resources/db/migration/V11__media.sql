-- Media of a workspace: the metadata here, the bytes in media_blobs (the default
-- storage; an object store would keep them instead).

create table media (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    content_type text        not null,
    filename     text,
    size         bigint      not null,
    created_at   timestamptz not null
);

create index media_workspace_idx on media (workspace_id, created_at, id);

create table media_blobs (
    media_id uuid  primary key references media (id) on delete cascade,
    bytes    bytea not null
);
