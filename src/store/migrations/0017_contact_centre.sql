-- Contact centre (CC-1 to CC-9): skills, queues, agents and their states,
-- the numbers callers dial, calls, the telephone system's events, and the
-- log of what happened to each call. Times are UTC ms since the epoch.
--
-- Routing happens in the database, inside the transaction of the event
-- that causes it, so that a decision and the states it changes are one
-- commit: a crash never leaves an agent ringing for a call that is queued.

INSERT INTO permissions (name, label, label_en) VALUES
	('cc.agent', '坐席接听', 'Take calls as an agent'),
	('cc.supervise', '呼叫中心监控', 'Supervise the contact centre'),
	('cc.manage', '呼叫中心设置', 'Configure the contact centre'),
	('cc.cti', '电话系统接入', 'Report calls as the telephone system');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'cc.agent' AS permission
		UNION ALL SELECT 'admin', 'cc.supervise'
		UNION ALL SELECT 'admin', 'cc.manage'
		UNION ALL SELECT 'admin', 'cc.cti'
		UNION ALL SELECT 'supervisor', 'cc.agent'
		UNION ALL SELECT 'supervisor', 'cc.supervise'
		UNION ALL SELECT 'agent', 'cc.agent'
		UNION ALL SELECT 'analyst', 'cc.supervise'
	) g ON g.role = r.name;

-- The telephone system signs in as a user holding this role, with an API
-- token (Authorization: Bearer ...).
INSERT INTO roles (name, label, label_en) VALUES ('cti', '电话系统', 'Telephone system');
INSERT INTO role_permissions (role_id, permission)
	SELECT id, 'cc.cti' FROM roles WHERE name = 'cti';

CREATE TABLE cc_skills (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- A queue asks for one skill; an agent with that skill (any level) may
-- take its calls. strategy picks among the ready ones. Callers whose
-- customer's tier is in priority_tiers (comma list) go ahead of others.
-- A call that has waited overflow_after_s moves to overflow_queue_id.
CREATE TABLE cc_queues (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	skill_id INTEGER NOT NULL REFERENCES cc_skills(id),
	strategy TEXT NOT NULL DEFAULT 'longest_idle'
		CHECK (strategy IN ('longest_idle', 'fewest_calls', 'round_robin', 'skill_level')),
	priority_tiers TEXT NOT NULL DEFAULT 'vip',
	overflow_queue_id INTEGER REFERENCES cc_queues(id),
	overflow_after_s INTEGER NOT NULL DEFAULT 0 CHECK (overflow_after_s >= 0),
	wrap_up_s INTEGER NOT NULL DEFAULT 15 CHECK (wrap_up_s BETWEEN 0 AND 3600),
	sl_seconds INTEGER NOT NULL DEFAULT 20 CHECK (sl_seconds BETWEEN 1 AND 600),
	team_id INTEGER REFERENCES teams(id), -- its work orders' team (CC-9)
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);

-- One number (CC-9): which queue a dialled number reaches.
CREATE TABLE cc_numbers (
	number TEXT PRIMARY KEY,
	queue_id INTEGER NOT NULL REFERENCES cc_queues(id),
	label TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- An agent is a user with an extension. state is the ACD's view:
-- signed_out, ready, not_ready (reason), ringing, talking, wrap_up (until
-- wrap_until). idle_since orders longest-idle; rr_at orders round-robin
-- (the last time the agent was offered a call); calls_today counts the
-- calls offered since the day began (day_start) for fewest-calls.
CREATE TABLE cc_agents (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	extension TEXT NOT NULL UNIQUE,
	state TEXT NOT NULL DEFAULT 'signed_out'
		CHECK (state IN ('signed_out', 'ready', 'not_ready', 'ringing', 'talking', 'wrap_up')),
	reason TEXT NOT NULL DEFAULT '',
	state_since INTEGER NOT NULL,
	idle_since INTEGER NOT NULL,
	rr_at INTEGER NOT NULL DEFAULT 0,
	calls_today INTEGER NOT NULL DEFAULT 0,
	day_start INTEGER NOT NULL DEFAULT 0,
	wrap_until INTEGER,
	call_id INTEGER, -- the call it is ringing, talking or wrapping up on
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX cc_agents_state ON cc_agents(state);

CREATE TABLE cc_agent_skills (
	user_id INTEGER NOT NULL REFERENCES cc_agents(user_id) ON DELETE CASCADE,
	skill_id INTEGER NOT NULL REFERENCES cc_skills(id),
	level INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 5),
	PRIMARY KEY (skill_id, user_id)
) WITHOUT ROWID;
CREATE INDEX cc_agent_skills_user ON cc_agent_skills(user_id);

-- A call (CC-4). ext_id is the telephone system's call id. state:
-- queued (waiting for an agent), ringing (offered to agent_id), talking,
-- ended. The times are those of the events: offered_at (ringing event),
-- queued_at (entered its current queue), assigned_at, answered_at,
-- ended_at, wrap_end_at. priority is 1 for callers of a priority tier.
CREATE TABLE cc_calls (
	id INTEGER PRIMARY KEY,
	ext_id TEXT NOT NULL UNIQUE,
	direction TEXT NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
	caller TEXT NOT NULL,
	called TEXT NOT NULL DEFAULT '',
	queue_id INTEGER REFERENCES cc_queues(id),
	first_queue_id INTEGER REFERENCES cc_queues(id),
	customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
	matches INTEGER NOT NULL DEFAULT 0, -- customers found by the caller's number
	agent_id INTEGER REFERENCES users(id),
	state TEXT NOT NULL CHECK (state IN ('queued', 'ringing', 'talking', 'ended')),
	priority INTEGER NOT NULL DEFAULT 0,
	offered_at INTEGER NOT NULL,
	queued_at INTEGER NOT NULL,
	assigned_at INTEGER,
	answered_at INTEGER,
	ended_at INTEGER,
	wrap_end_at INTEGER,
	end_cause TEXT,
	-- answered, abandoned (hung up before an answer), or what the agent
	-- chose after the call (a dictionary-free short text).
	disposition TEXT NOT NULL DEFAULT '',
	overflowed INTEGER NOT NULL DEFAULT 0,
	transfers INTEGER NOT NULL DEFAULT 0,
	recording TEXT NOT NULL DEFAULT '',
	ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),
	rated_at INTEGER,
	note TEXT NOT NULL DEFAULT '',
	outbound_entry_id INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
-- Waiting calls in the order they are served: priority first, then the
-- time they entered the queue.
CREATE INDEX cc_calls_waiting ON cc_calls(queue_id, priority DESC, queued_at, id)
	WHERE state = 'queued';
CREATE INDEX cc_calls_offered ON cc_calls(offered_at);
CREATE INDEX cc_calls_customer ON cc_calls(customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX cc_calls_agent ON cc_calls(agent_id, id) WHERE agent_id IS NOT NULL;

-- What happened to each call, in order: the agent's desktop and the
-- telephone system's stream read it by id (assigned rows tell both who
-- takes a call). kind: offered, queued, assigned, answered, transferred,
-- overflowed, abandoned, ended, rated, wrap_done.
CREATE TABLE cc_call_log (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES cc_calls(id),
	kind TEXT NOT NULL,
	agent_id INTEGER,
	queue_id INTEGER,
	at INTEGER NOT NULL
);
CREATE INDEX cc_call_log_agent ON cc_call_log(agent_id, id) WHERE agent_id IS NOT NULL;
CREATE INDEX cc_call_log_call ON cc_call_log(call_id, id);

-- The telephone system's events by their id: a repeated event gets the
-- answer the first one got and changes nothing.
CREATE TABLE cc_cti_events (
	event_id TEXT PRIMARY KEY,
	type TEXT NOT NULL,
	call_ext_id TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	status INTEGER NOT NULL,
	response TEXT NOT NULL
) WITHOUT ROWID;
