-- Customers, second part: the three-level profile (CUS-5), extension
-- fields (CUS-3), maker-checker review (CUS-6), merging (CUS-10) and the
-- settings that switch such behaviour on.

-- Objective data beyond gender and birthday; subjective data (sensitive,
-- masked like phones); care notes.
ALTER TABLE customers ADD COLUMN education TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN preferences TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN dislikes TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN habits TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN religion TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN care_notes TEXT NOT NULL DEFAULT '';
-- Values of the extension fields, a JSON object keyed by field key.
ALTER TABLE customers ADD COLUMN ext TEXT NOT NULL DEFAULT '{}';
-- Review: 'none' while review is off, then pending_first -> pending_second
-- -> approved, or rejected; the author of the change under review may not
-- review it, nor may one person give both reviews.
ALTER TABLE customers ADD COLUMN review_state TEXT NOT NULL DEFAULT 'none'
	CHECK (review_state IN ('none', 'pending_first', 'pending_second', 'approved', 'rejected'));
ALTER TABLE customers ADD COLUMN review_author_id INTEGER REFERENCES users(id);
ALTER TABLE customers ADD COLUMN first_reviewer_id INTEGER REFERENCES users(id);
ALTER TABLE customers ADD COLUMN first_reviewed_at INTEGER;
ALTER TABLE customers ADD COLUMN second_reviewer_id INTEGER REFERENCES users(id);
ALTER TABLE customers ADD COLUMN second_reviewed_at INTEGER;
ALTER TABLE customers ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';
-- Set on a customer merged into another (it is deleted at the same time).
ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers(id);
CREATE INDEX customers_review ON customers(review_state, id)
	WHERE review_state IN ('pending_first', 'pending_second');
CREATE INDEX customers_merged ON customers(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX customers_name_company ON customers(name, company) WHERE deleted_at IS NULL;

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO settings (key, value) VALUES ('customer.review', 'false');

-- Extension field definitions: applies_to is a JSON array of customer
-- types and/or "contact".
CREATE TABLE custom_fields (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	label TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
	choices TEXT NOT NULL DEFAULT '[]',
	applies_to TEXT NOT NULL,
	required INTEGER NOT NULL DEFAULT 0,
	searchable INTEGER NOT NULL DEFAULT 0,
	sort INTEGER NOT NULL DEFAULT 0,
	enabled INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);

-- Values of searchable extension fields, for exact-match filters.
CREATE TABLE customer_ext_index (
	field TEXT NOT NULL,
	value TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	PRIMARY KEY (field, value, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_ext_index_customer ON customer_ext_index(customer_id);

INSERT INTO permissions (name, label, label_en) VALUES
	('customer.review', '审核客户资料', 'Review customer records'),
	('customer.merge', '合并客户', 'Merge customers'),
	('settings.manage', '管理系统设置和扩展字段', 'Manage settings and extension fields');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'customer.review' AS permission
		UNION ALL SELECT 'admin', 'customer.merge'
		UNION ALL SELECT 'admin', 'settings.manage'
		UNION ALL SELECT 'supervisor', 'customer.review'
		UNION ALL SELECT 'supervisor', 'customer.merge'
		UNION ALL SELECT 'reviewer', 'customer.review'
	) g ON g.role = r.name;
