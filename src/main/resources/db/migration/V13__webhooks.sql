-- Outbound webhooks: subscriptions of a workspace and one delivery row per event and
-- subscription. The event log and these rows are the whole state: a crash loses nothing.

create table webhook_subscriptions (
    id             uuid primary key,
    workspace_id   uuid        not null references workspaces (id) on delete cascade,
    url            text        not null,
    events         text[]      not null,
    headers        jsonb       not null,
    status         text        not null check (status in ('Subscribed', 'Unsubscribed', 'Disabled')),
    -- the signing secret, sealed with the server key; bound to the subscription id
    secret         bytea       not null,
    -- only events positioned after this one are delivered
    start_position bigint      not null,
    -- the first failed attempt since the last success; 3 days of it disable the subscription
    failing_since  timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
-- webhooks.list: a workspace's subscriptions in the order they were made
create index webhook_subscriptions_workspace_idx on webhook_subscriptions (workspace_id, created_at, id);
-- the dispatcher matches each event's workspace to its active subscriptions
create index webhook_subscriptions_active_idx on webhook_subscriptions (workspace_id) where status = 'Subscribed';

create table webhook_deliveries (
    id               uuid primary key,
    subscription_id  uuid        not null references webhook_subscriptions (id) on delete cascade,
    event_id         bigint      not null,
    type             text        not null,
    conversation_id  uuid,
    -- the event exactly as on /events, kept here because the event log is pruned
    body             text        not null,
    status           text        not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    -- a claimed delivery belongs to its worker until then; after a crash any instance takes it
    leased_until     timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz not null,
    constraint webhook_deliveries_event_key unique (subscription_id, event_id)
);
-- webhooks.deliveries pages by event id (the unique constraint); the claim walks each
-- subscription's due rows, counts those in flight, and checks a conversation's earlier ones
create index webhook_deliveries_due_idx on webhook_deliveries (subscription_id, next_attempt_at, event_id)
    where status = 'PENDING';
create index webhook_deliveries_in_flight_idx on webhook_deliveries (subscription_id, leased_until)
    where status = 'PENDING' and leased_until is not null;
create index webhook_deliveries_pending_conversation_idx
    on webhook_deliveries (subscription_id, conversation_id, event_id) where status = 'PENDING';

-- the last event position fanned out to deliveries; events before the feature existed are not sent
create table webhook_dispatch_state (
    singleton     boolean primary key default true check (singleton),
    last_position bigint  not null
);
insert into webhook_dispatch_state (last_position) select last_position from event_log_state;
