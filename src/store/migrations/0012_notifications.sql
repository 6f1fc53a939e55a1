-- Notifications (SVC-4 infrastructure): messages to one user, shown in the
-- bell and the notifications page and pushed live to their open browser
-- tabs (server-sent events). Times are UTC milliseconds since the epoch.

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,          -- what happened: 'broadcast', 'ticket.sla_warning', ...
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	link TEXT,                   -- a path inside the app (/tickets/42); NULL: none
	ref_type TEXT,               -- the record it is about ('ticket'); NULL: none
	ref_id INTEGER,
	created_at INTEGER NOT NULL,
	read_at INTEGER              -- NULL: unread
);
-- A user's list, newest first, and their unread ones (the bell's count).
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;
-- One notification of a kind about a record per user: a job that runs
-- twice over the same record does not notify twice.
CREATE UNIQUE INDEX notifications_dedupe ON notifications(ref_type, ref_id, kind, user_id)
	WHERE ref_type IS NOT NULL;
-- The purge job finds old read notifications by this.
CREATE INDEX notifications_read_at ON notifications(read_at) WHERE read_at IS NOT NULL;
-- Expired sessions are purged by their last use.
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);

INSERT INTO permissions (name, label, label_en) VALUES
	('notify.broadcast', '群发通知', 'Broadcast notifications');

INSERT INTO role_permissions (role_id, permission)
	SELECT id, 'notify.broadcast' FROM roles WHERE name = 'admin';
