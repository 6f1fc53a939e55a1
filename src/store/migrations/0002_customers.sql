-- Customers (CUS-1, CUS-7, CUS-9, CUS-12): the record, its lookup keys,
-- tags, phone-fragment index and change history, plus the permissions that
-- guard them.

CREATE TABLE customers (
	id INTEGER PRIMARY KEY,
	type TEXT NOT NULL CHECK (type IN ('individual', 'corporate', 'financial', 'government')),
	name TEXT NOT NULL,
	pinyin TEXT NOT NULL,      -- full pinyin of the name, "zhangsan"
	initials TEXT NOT NULL,    -- pinyin initials, "zs"
	phones TEXT NOT NULL,      -- JSON array of normalised numbers
	emails TEXT NOT NULL,      -- JSON array
	tags TEXT NOT NULL,        -- JSON array
	id_number_sealed TEXT,     -- secretbox of the ID number (lib/secret.h)
	id_number_index BLOB,      -- keyed hash of it, for exact lookup
	company TEXT NOT NULL DEFAULT '',
	industry TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT 'unknown',
	birthday TEXT,             -- YYYY-MM-DD
	credit_grade TEXT,
	tier TEXT NOT NULL DEFAULT 'general',
	lifecycle_stage TEXT NOT NULL DEFAULT 'new',
	source TEXT NOT NULL DEFAULT '',
	province TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	district TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	remarks TEXT NOT NULL DEFAULT '',
	owner_id INTEGER REFERENCES users(id),
	team_id INTEGER REFERENCES teams(id),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	deleted_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_name ON customers(name) WHERE deleted_at IS NULL;
CREATE INDEX customers_initials ON customers(initials) WHERE deleted_at IS NULL;
CREATE INDEX customers_pinyin ON customers(pinyin) WHERE deleted_at IS NULL;
CREATE INDEX customers_company ON customers(company) WHERE deleted_at IS NULL AND company <> '';
CREATE INDEX customers_id_number ON customers(id_number_index) WHERE id_number_index IS NOT NULL;
CREATE INDEX customers_team ON customers(team_id, id);
CREATE INDEX customers_owner ON customers(owner_id, id);

-- Exact lookups: kind 'phone' (digits) or 'email' (lower-case).
CREATE TABLE customer_keys (
	kind TEXT NOT NULL,
	value TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	PRIMARY KEY (kind, value, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_keys_customer ON customer_keys(customer_id);

CREATE TABLE customer_tags (
	tag TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	PRIMARY KEY (tag, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_customer ON customer_tags(customer_id);

-- Any fragment of a phone number (3+ digits) through trigrams; rowid is
-- the customer id, digits all of its numbers separated by spaces.
CREATE VIRTUAL TABLE customer_phone_fts USING fts5(digits, tokenize = 'trigram');

-- Change history: never updated or deleted.
CREATE TABLE customer_history (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	at INTEGER NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
	field TEXT NOT NULL,
	old TEXT,
	new TEXT
);
CREATE INDEX customer_history_customer ON customer_history(customer_id, id);
CREATE TRIGGER customer_history_no_update BEFORE UPDATE ON customer_history
BEGIN SELECT RAISE(ABORT, 'customer_history is append-only'); END;
CREATE TRIGGER customer_history_no_delete BEFORE DELETE ON customer_history
BEGIN SELECT RAISE(ABORT, 'customer_history is append-only'); END;

INSERT INTO permissions (name, label, label_en) VALUES
	('customer.read', '查看客户', 'View customers'),
	('customer.write', '新建和编辑客户', 'Create and edit customers'),
	('customer.delete', '删除和恢复客户', 'Delete and restore customers'),
	('customer.read_sensitive', '查看客户敏感信息', 'View sensitive customer fields'),
	('customer.scope.all', '客户范围：全部', 'Customer scope: all'),
	('customer.scope.team', '客户范围：本班组', 'Customer scope: own team'),
	('customer.scope.own', '客户范围：本人名下', 'Customer scope: own book');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'customer.read' AS permission
		UNION ALL SELECT 'admin', 'customer.write'
		UNION ALL SELECT 'admin', 'customer.delete'
		UNION ALL SELECT 'admin', 'customer.read_sensitive'
		UNION ALL SELECT 'admin', 'customer.scope.all'
		UNION ALL SELECT 'supervisor', 'customer.read'
		UNION ALL SELECT 'supervisor', 'customer.write'
		UNION ALL SELECT 'supervisor', 'customer.delete'
		UNION ALL SELECT 'supervisor', 'customer.read_sensitive'
		UNION ALL SELECT 'supervisor', 'customer.scope.team'
		UNION ALL SELECT 'agent', 'customer.read'
		UNION ALL SELECT 'agent', 'customer.write'
		UNION ALL SELECT 'agent', 'customer.scope.team'
		UNION ALL SELECT 'account_manager', 'customer.read'
		UNION ALL SELECT 'account_manager', 'customer.write'
		UNION ALL SELECT 'account_manager', 'customer.read_sensitive'
		UNION ALL SELECT 'account_manager', 'customer.scope.own'
		UNION ALL SELECT 'analyst', 'customer.read'
		UNION ALL SELECT 'analyst', 'customer.scope.all'
		UNION ALL SELECT 'reviewer', 'customer.read'
		UNION ALL SELECT 'reviewer', 'customer.scope.all'
	) g ON g.role = r.name;
