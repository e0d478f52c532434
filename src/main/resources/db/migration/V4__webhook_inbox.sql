-- Inbound webhooks are stored raw before they are acknowledged, then processed; a
-- failure is retried with backoff and, past the bound, kept as FAILED for inspection.

create table webhook_events (
    id              bigint generated always as identity primary key,
    source          text        not null,
    content_type    text,
    body            bytea       not null,
    status          text        not null check (status in ('PENDING', 'DONE', 'IGNORED', 'FAILED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    received_at     timestamptz not null,
    processed_at    timestamptz
);
create index webhook_events_due_idx on webhook_events (next_attempt_at) where status = 'PENDING';
create index webhook_events_received_idx on webhook_events (received_at);
