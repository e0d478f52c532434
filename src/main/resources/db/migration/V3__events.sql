-- The event log: every change clients hear about, written in the business transaction.
-- Writers insert without a position; the relay assigns positions (dense, increasing) to
-- rows whose transaction is older than every transaction still in flight, so a row can
-- never get a position below one a reader has already seen.

create table events (
    id              bigint generated always as identity primary key,
    position        bigint,
    type            text        not null,
    conversation_id uuid,
    channel_id      uuid,
    payload         jsonb       not null,
    created_at      timestamptz not null,
    -- the writing transaction, to tell when the row can no longer be overtaken
    xid             xid8        not null default pg_current_xact_id()
);
create unique index events_position_key on events (position) where position is not null;
create index events_unpositioned_idx on events (xid, id) where position is null;
create index events_created_at_idx on events (created_at);

-- the last position given; kept apart from the rows so that pruning never makes
-- positions start over
create table event_log_state (
    singleton     boolean primary key default true check (singleton),
    last_position bigint  not null
);
insert into event_log_state (last_position) values (0);
