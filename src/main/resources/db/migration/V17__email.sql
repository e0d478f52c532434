-- The email channel: where each watched mailbox has got to, the mails of its threads, and
-- which media an email message carries.

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

-- The media of an email message (its attachments), named in the content's URL
-- /workspaces/{ws}/messages/{message_id}/media/{media_id}.
create table email_message_media (
    message_id uuid not null references messages (id) on delete cascade,
    media_id   uuid not null references media (id) on delete cascade,
    primary key (message_id, media_id)
);

create index email_message_media_media_idx on email_message_media (media_id);
