-- The conversation keeps a copy of its last message in the API's shape, so that lists and
-- conversation events need no second look-up; the message feature keeps it current.
alter table conversations add column last_message jsonb;

-- an instant as the API writes it (java.time.Instant#toString: no fraction when whole
-- seconds, else milliseconds, else microseconds)
create function api_instant(at timestamptz) returns text
    language sql immutable as
$$
select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
    || case
           when micros = 0 then ''
           when micros % 1000 = 0 then '.' || lpad((micros / 1000)::text, 3, '0')
           else '.' || lpad(micros::text, 6, '0')
       end
    || 'Z'
from (select (extract(microseconds from at)::bigint % 1000000) as micros) m
$$;

update conversations c
set last_message = jsonb_build_object(
        'id', m.id,
        'conversation_id', m.conversation_id,
        'content', m.content,
        'delivery_state', m.delivery_state,
        'sender_type', m.sender_type,
        'sender', jsonb_build_object('id', m.sender_id)
            || case when m.sender_name is null then '{}'::jsonb else jsonb_build_object('name', m.sender_name) end,
        'sent_at', api_instant(m.sent_at),
        'source', m.source,
        'metadata', m.metadata)
    || case when m.source_content is null then '{}'::jsonb
            else jsonb_build_object('source_content', m.source_content) end
from messages m
where m.id = c.last_message_id;

drop function api_instant(timestamptz);
