-- Service desk work orders (SVC-1, SVC-2, SVC-6, SVC-7): the order, its
-- state changes, its thread of replies and internal notes, and its
-- attachments (the files themselves lie beside the database, named by
-- their SHA-256; see store/blobs.c). Times are UTC ms since the epoch.

CREATE TABLE tickets (
	id INTEGER PRIMARY KEY,
	type TEXT NOT NULL
		CHECK (type IN ('complaint', 'repair', 'inquiry', 'service', 'suggestion', 'event')),
	channel TEXT NOT NULL
		CHECK (channel IN ('phone', 'web', 'email', 'wechat', 'sms', 'visit', 'app')),
	category TEXT,             -- a ticket_category dictionary code; NULL: none
	priority TEXT NOT NULL DEFAULT 'normal'
		CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'new'
		CHECK (state IN ('new', 'accepted', 'dispatched', 'in_progress', 'waiting',
				 'resolved', 'callback', 'closed')),
	team_id INTEGER REFERENCES teams(id),      -- the team it is dispatched to
	assignee_id INTEGER REFERENCES users(id),  -- the person; NULL: the team's queue
	created_by INTEGER REFERENCES users(id),   -- NULL: made at the command line
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	responded_at INTEGER,      -- first public reply or acceptance
	resolved_at INTEGER,
	closed_at INTEGER,
	-- Time limits (SVC-3), computed by the SLA policies; NULL: none applies.
	due_response_at INTEGER,
	due_resolve_at INTEGER,
	paused_ms INTEGER NOT NULL DEFAULT 0, -- time spent waiting for the customer
	paused_at INTEGER,                    -- set while in state waiting
	overdue INTEGER NOT NULL DEFAULT 0,
	escalation_level INTEGER NOT NULL DEFAULT 0,
	resolution TEXT NOT NULL DEFAULT '',
	-- The customer's rating at the callback (SVC-6).
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),
	rating_comment TEXT NOT NULL DEFAULT '',
	rated_at INTEGER,
	reopen_count INTEGER NOT NULL DEFAULT 0,
	-- Repair flow.
	fault_location TEXT NOT NULL DEFAULT '',
	fault_nature TEXT NOT NULL DEFAULT '',
	repair_team_id INTEGER REFERENCES teams(id),
	restored_at INTEGER,
	customer_notified_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);

-- One index per list view (store/tickets.c list_sql[]), newest first by
-- id. The WHERE of a partial index is repeated word for word in its query.
-- Everyone's unassigned orders use tickets_assignee_open (assignee_id IS
-- NULL is an equality there).
CREATE INDEX tickets_assignee_open ON tickets(assignee_id, id)
	WHERE state <> 'closed';
CREATE INDEX tickets_team ON tickets(team_id, id);
CREATE INDEX tickets_team_open ON tickets(team_id, id) WHERE state <> 'closed';
CREATE INDEX tickets_unassigned ON tickets(team_id, id)
	WHERE assignee_id IS NULL AND state <> 'closed';
CREATE INDEX tickets_overdue ON tickets(team_id, id)
	WHERE overdue = 1 AND state <> 'closed';
CREATE INDEX tickets_overdue_all ON tickets(id) WHERE overdue = 1 AND state <> 'closed';
CREATE INDEX tickets_callback ON tickets(team_id, id)
	WHERE state IN ('resolved', 'callback');
CREATE INDEX tickets_callback_all ON tickets(id) WHERE state IN ('resolved', 'callback');
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_contact ON tickets(contact_id) WHERE contact_id IS NOT NULL;

-- Every change of an order: who, when, from which state to which, why.
-- customer_id is the order's, so the customer timeline finds the orders'
-- creation and closing by index (ticket_events_timeline).
CREATE TABLE ticket_events (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	customer_id INTEGER NOT NULL,
	actor_id INTEGER REFERENCES users(id),  -- NULL: the command line or the system
	at INTEGER NOT NULL,
	action TEXT NOT NULL,      -- create, accept, dispatch, ..., close, reopen, assign, update
	from_state TEXT,           -- NULL for create
	to_state TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_timeline ON ticket_events(customer_id, at, id)
	WHERE action IN ('create', 'close');
-- What happened, by whom, is never rewritten; only the customer (a merge)
-- and the time (loading historical orders) may move.
CREATE TRIGGER ticket_events_no_rewrite
BEFORE UPDATE OF ticket_id, actor_id, action, from_state, to_state, note ON ticket_events
BEGIN
	SELECT RAISE(ABORT, 'ticket events are not rewritten');
END;

-- The thread: public replies (seen by the customer) and internal notes.
CREATE TABLE ticket_comments (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	internal INTEGER NOT NULL DEFAULT 0,
	body TEXT NOT NULL,
	author_id INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments(ticket_id, id);

CREATE TABLE ticket_attachments (
	id INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,      -- hex; the file's name on disk
	uploaded_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments(ticket_id, id);
CREATE INDEX ticket_attachments_sha ON ticket_attachments(sha256);

INSERT INTO permissions (name, label, label_en) VALUES
	('ticket.read', '查看工单', 'View work orders'),
	('ticket.write', '新建和处理工单', 'Create and work on work orders'),
	('ticket.assign', '派单和改派', 'Dispatch and reassign work orders'),
	('ticket.close', '关闭工单', 'Close work orders'),
	('ticket.manage', '管理所有工单', 'Manage all work orders');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'ticket.read' AS permission
		UNION ALL SELECT 'admin', 'ticket.write'
		UNION ALL SELECT 'admin', 'ticket.assign'
		UNION ALL SELECT 'admin', 'ticket.close'
		UNION ALL SELECT 'admin', 'ticket.manage'
		UNION ALL SELECT 'supervisor', 'ticket.read'
		UNION ALL SELECT 'supervisor', 'ticket.write'
		UNION ALL SELECT 'supervisor', 'ticket.assign'
		UNION ALL SELECT 'supervisor', 'ticket.close'
		UNION ALL SELECT 'agent', 'ticket.read'
		UNION ALL SELECT 'agent', 'ticket.write'
		UNION ALL SELECT 'agent', 'ticket.close'
		UNION ALL SELECT 'account_manager', 'ticket.read'
		UNION ALL SELECT 'account_manager', 'ticket.write'
		UNION ALL SELECT 'analyst', 'ticket.read'
	) g ON g.role = r.name;
