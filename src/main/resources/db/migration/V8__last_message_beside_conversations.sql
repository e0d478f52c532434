-- The copy of each conversation's last message moves out of the conversations row: counts
-- of the inbox list read the rows of every matching conversation, and a wide row (the
-- message's JSON inline) made them read twice the pages. A page reads its 20 copies by key.
create table conversation_last_messages (
    conversation_id uuid  primary key references conversations (id) on delete cascade,
    message         jsonb not null
);

insert into conversation_last_messages (conversation_id, message)
select id, last_message from conversations where last_message is not null;

alter table conversations drop column last_message;
