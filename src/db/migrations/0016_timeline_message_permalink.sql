-- The link to a message put on an incident's timeline (chat.getPermalink), when vigil could get one: a message from
-- another channel (the "Add to incident timeline" and "Declare incident from this message" shortcuts) is found by it.
ALTER TABLE incident_timeline_messages ADD COLUMN permalink text;
