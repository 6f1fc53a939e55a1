-- Contacts of organisations (CUS-2), interactions with a customer (CUS-8),
-- and contact changes in the customer's change history (CUS-7).

CREATE TABLE contacts (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	name TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	department TEXT NOT NULL DEFAULT '',
	salutation TEXT NOT NULL DEFAULT '',
	phones TEXT NOT NULL DEFAULT '[]',  -- JSON array of normalised numbers
	email TEXT NOT NULL DEFAULT '',
	decision_role TEXT NOT NULL DEFAULT 'other'
		CHECK (decision_role IN ('decision_maker', 'influencer', 'user', 'other')),
	remarks TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_customer ON contacts(customer_id, id);

-- A log: rows are added and (with customer.delete) removed, never edited.
-- ticket_id gets its foreign key when work orders exist.
CREATE TABLE interactions (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	channel TEXT NOT NULL
		CHECK (channel IN ('phone', 'email', 'meeting', 'visit', 'sms', 'wechat', 'weibo')),
	direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
	occurred_at INTEGER NOT NULL,
	participants TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL,
	contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
	ticket_id INTEGER,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at, id);
CREATE INDEX interactions_contact ON interactions(contact_id) WHERE contact_id IS NOT NULL;

-- A history row about a contact names it: its id and its name when the
-- change was made (the contact may be deleted later; history stays).
ALTER TABLE customer_history ADD COLUMN contact_id INTEGER;
ALTER TABLE customer_history ADD COLUMN contact_name TEXT;
-- The customer timeline walks history by time.
CREATE INDEX customer_history_at ON customer_history(customer_id, at, id);
