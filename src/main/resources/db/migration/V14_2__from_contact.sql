-- Messages now carry from_contact (true for the contact's own), for Airy's clients. The
-- stored copies of messages get it too: each conversation's last message, and the
-- messages in the events still kept (message.* payloads are messages, conversation.updated
-- payloads hold the last message).
update conversation_last_messages
set message = message || jsonb_build_object('from_contact', message ->> 'sender_type' = 'source_contact')
where message -> 'from_contact' is null;

update events
set payload = payload || jsonb_build_object('from_contact', payload ->> 'sender_type' = 'source_contact')
where type in ('message.created', 'message.updated') and payload -> 'from_contact' is null;

update events
set payload = jsonb_set(payload, '{last_message,from_contact}',
        to_jsonb(payload #>> '{last_message,sender_type}' = 'source_contact'))
where type = 'conversation.updated' and jsonb_typeof(payload -> 'last_message') = 'object'
  and payload #> '{last_message,from_contact}' is null;
