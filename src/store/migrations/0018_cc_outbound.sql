-- Outbound call lists (CC-6): lists of people to call for one purpose,
-- their entries with the retry rule's state, every attempt, and the
-- agents' requests to the telephone system to dial. Times are UTC ms.
-- Calling hours are minutes after midnight, China time (UTC+8).

CREATE TABLE cc_outbound_lists (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL
		CHECK (kind IN ('callback', 'survey', 'telemarketing', 'arrears', 'outage')),
	team_id INTEGER REFERENCES teams(id),
	description TEXT NOT NULL DEFAULT '',
	max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
	retry_minutes INTEGER NOT NULL DEFAULT 120 CHECK (retry_minutes BETWEEN 1 AND 10080),
	call_from INTEGER NOT NULL DEFAULT 540 CHECK (call_from BETWEEN 0 AND 1439),
	call_to INTEGER NOT NULL DEFAULT 1200 CHECK (call_to BETWEEN 1 AND 1440),
	state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'closed')),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK (call_from < call_to)
);
CREATE INDEX cc_outbound_lists_state ON cc_outbound_lists(state, id);

-- One person to call. state: pending (never tried), claimed (an agent
-- holds it since claimed_at), retry (tried, due again at next_at), done,
-- failed (out of attempts). agent_id is the claimer, or the last one.
-- A phone appears once per list.
CREATE TABLE cc_outbound_entries (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES cc_outbound_lists(id),
	customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	phone TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'claimed', 'retry', 'done', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,
	result TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'success', 'refused', 'no_answer',
		'busy', 'unreachable', 'wrong_number', 'callback_later')),
	note TEXT NOT NULL DEFAULT '',
	callback_at INTEGER,
	agent_id INTEGER REFERENCES users(id),
	claimed_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (list_id, phone)
);
-- Due entries in the order they are claimed.
CREATE INDEX cc_outbound_due ON cc_outbound_entries(next_at, id)
	WHERE state IN ('pending', 'retry');
-- Claims, by age (stale ones may be taken again) and by holder.
CREATE INDEX cc_outbound_claims ON cc_outbound_entries(claimed_at, id) WHERE state = 'claimed';
CREATE INDEX cc_outbound_claimer ON cc_outbound_entries(agent_id, id) WHERE state = 'claimed';
CREATE INDEX cc_outbound_list_state ON cc_outbound_entries(list_id, state, id);

-- Every attempt, as the agent recorded it. call_id: the telephone
-- system's outbound call for the entry, when it reported one.
CREATE TABLE cc_outbound_attempts (
	id INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES cc_outbound_entries(id),
	agent_id INTEGER NOT NULL REFERENCES users(id),
	at INTEGER NOT NULL,
	result TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	callback_at INTEGER,
	call_id INTEGER REFERENCES cc_calls(id)
);
CREATE INDEX cc_outbound_attempts_entry ON cc_outbound_attempts(entry_id, id);

-- An agent asks the telephone system to dial: the CTI stream reads new
-- rows by id and sends them to the PBX.
CREATE TABLE cc_dial_requests (
	id INTEGER PRIMARY KEY,
	agent_id INTEGER NOT NULL REFERENCES users(id),
	extension TEXT NOT NULL,
	number TEXT NOT NULL,
	entry_id INTEGER REFERENCES cc_outbound_entries(id),
	at INTEGER NOT NULL
);
