-- Access keys of machines: only the SHA-256 hash of a key is stored; policies as given.

create table access_keys (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    name         text        not null,
    key_hash     bytea       not null,
    policies     jsonb       not null,
    created_by   uuid        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    constraint access_keys_hash_key unique (key_hash)
);

-- access-keys.list: a workspace's keys in the order they were created
create index access_keys_workspace_idx on access_keys (workspace_id, created_at, id);
