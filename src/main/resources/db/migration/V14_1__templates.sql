-- Templates: a workspace's reusable message contents (the inbox's saved replies). A
-- template without a source is usable on every source; names are unique per source
-- whatever their letter case.
create table templates (
    id           uuid primary key,
    workspace_id uuid        not null references workspaces (id) on delete cascade,
    name         text        not null,
    source       text,
    content      jsonb       not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
-- also serves templates.list, which reads a workspace's templates in name order
create unique index templates_workspace_source_name_key on templates (workspace_id, coalesce(source, ''), lower(name));
