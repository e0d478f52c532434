-- The email channel: where each watched mailbox has got to and the mails of its threads
-- (the media of a mail's messages are linked in message_media, as every source's are).

-- The IMAP position of a mailbox: UIDs are only meaningful within one UIDVALIDITY.
create table email_mailboxes (
    channel_id   uuid        primary key references channels (id) on delete cascade,
    uid_validity bigint      not null,
    last_uid     bigint      not null,
    updated_at   timestamptz not null
);

-- Every mail of a channel, in and out, by its Message-ID (or a hash of the mail when it has
-- none): a mail seen twice is claimed here once, and a reply takes its threading headers
-- from the latest mail with the contact.
create table email_messages (
    seq         bigint      generated always as identity,
    channel_id  uuid        not null references channels (id) on delete cascade,
    message_id  text        not null,
    contact     text        not null,
    subject     text,
    refs        text        not null,
    outbound    boolean     not null,
    created_at  timestamptz not null,
    primary key (channel_id, message_id)
);

create index email_messages_thread_idx on email_messages (channel_id, contact, seq desc);
