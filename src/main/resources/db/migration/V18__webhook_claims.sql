-- The claim no longer walks a subscription's due rows checking each for an earlier pending
-- one in its conversation: with a backlog in few conversations almost every row it read was
-- rejected. It steps from one conversation's earliest pending delivery to the next (a skip
-- scan of this index, one probe per conversation), and reads deliveries without a
-- conversation from an index of their own.
drop index webhook_deliveries_pending_conversation_idx;
create index webhook_deliveries_pending_conversation_idx
    on webhook_deliveries (subscription_id, conversation_id, event_id)
    where status = 'PENDING' and conversation_id is not null;
create index webhook_deliveries_due_unordered_idx on webhook_deliveries (subscription_id, next_attempt_at, event_id)
    where status = 'PENDING' and conversation_id is null;
