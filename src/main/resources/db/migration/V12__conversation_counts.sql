-- The inbox's counts kept exact in the writing transactions: all conversations and those
-- with unread messages, per workspace and channel (an agent's scope is a set of
-- channels). Triggers catch every write (the application's, a migration's, a bulk load).
-- Writers only append deltas, so no row is updated by every writer (thousands of writes a
-- second would queue on one row lock); a job folds the deltas into the count rows. A
-- count is the sum of both, read in one statement (one snapshot), so it is exact.

create table conversation_counts (
    workspace_id uuid   not null,
    channel_id   uuid   not null,
    total        bigint not null,
    unread       bigint not null,
    primary key (workspace_id, channel_id)
);

create table conversation_count_deltas (
    id           bigint generated always as identity primary key,
    workspace_id uuid   not null,
    channel_id   uuid   not null,
    total        bigint not null,
    unread       bigint not null
);
create index conversation_count_deltas_workspace_idx on conversation_count_deltas (workspace_id, channel_id);

create function conversation_counts_inserted() returns trigger language plpgsql as
$$
begin
    insert into conversation_count_deltas (workspace_id, channel_id, total, unread)
    select workspace_id, channel_id, count(*), count(*) filter (where unread_count > 0)
    from inserted_rows group by workspace_id, channel_id;
    return null;
end
$$;

create function conversation_counts_deleted() returns trigger language plpgsql as
$$
begin
    insert into conversation_count_deltas (workspace_id, channel_id, total, unread)
    select workspace_id, channel_id, -count(*), -count(*) filter (where unread_count > 0)
    from deleted_rows group by workspace_id, channel_id;
    return null;
end
$$;

-- a row-level trigger with a WHEN clause: the many updates that change no count (another
-- unread message, a new last message) cost no call at all
create function conversation_counts_updated() returns trigger language plpgsql as
$$
begin
    insert into conversation_count_deltas (workspace_id, channel_id, total, unread)
    values (old.workspace_id, old.channel_id, -1, case when old.unread_count > 0 then -1 else 0 end),
           (new.workspace_id, new.channel_id, 1, case when new.unread_count > 0 then 1 else 0 end);
    return null;
end
$$;

create function conversation_counts_truncated() returns trigger language plpgsql as
$$
begin
    delete from conversation_count_deltas;
    delete from conversation_counts;
    return null;
end
$$;

create trigger conversations_counted_insert after insert on conversations
    referencing new table as inserted_rows for each statement execute function conversation_counts_inserted();
create trigger conversations_counted_delete after delete on conversations
    referencing old table as deleted_rows for each statement execute function conversation_counts_deleted();
create trigger conversations_counted_update after update of workspace_id, channel_id, unread_count on conversations
    for each row when (old.workspace_id is distinct from new.workspace_id
                       or old.channel_id is distinct from new.channel_id
                       or (old.unread_count > 0) <> (new.unread_count > 0))
    execute function conversation_counts_updated();
create trigger conversations_counted_truncate after truncate on conversations
    for each statement execute function conversation_counts_truncated();

insert into conversation_counts (workspace_id, channel_id, total, unread)
select workspace_id, channel_id, count(*), count(*) filter (where unread_count > 0)
from conversations group by workspace_id, channel_id;
