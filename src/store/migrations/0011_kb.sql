-- Knowledge base (SVC-5): articles in a category tree, every edit kept as a
-- version, and a full-text index for Chinese (see lib/bigram.h).

CREATE TABLE kb_categories (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES kb_categories(id),
	name TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
-- Names are unique among siblings.
CREATE UNIQUE INDEX kb_categories_name ON kb_categories(coalesce(parent_id, 0), name);

-- The current version of each article. The small columns come first so
-- that filtering search hits by status and category reads no body pages.
CREATE TABLE kb_articles (
	id INTEGER PRIMARY KEY,
	status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
	category_id INTEGER NOT NULL REFERENCES kb_categories(id),
	version INTEGER NOT NULL DEFAULT 1,
	author_id INTEGER REFERENCES users(id),    -- of this version; NULL: command line
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	title TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '[]',              -- JSON array of strings
	ticket_categories TEXT NOT NULL DEFAULT '[]', -- JSON array of dictionary codes
	answer TEXT NOT NULL DEFAULT '',              -- the reply text to insert
	body TEXT NOT NULL
);
CREATE INDEX kb_articles_category ON kb_articles(category_id, status, id);
CREATE INDEX kb_articles_status ON kb_articles(status, id);
-- What a search checks of each hit, by id, without reading article rows.
CREATE INDEX kb_articles_filter ON kb_articles(id, status, category_id);

-- Every version as it was saved, the current one included. Append-only.
CREATE TABLE kb_article_versions (
	article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	status TEXT NOT NULL,
	category_id INTEGER NOT NULL,
	author_id INTEGER REFERENCES users(id),
	saved_at INTEGER NOT NULL,
	title TEXT NOT NULL,
	tags TEXT NOT NULL,
	ticket_categories TEXT NOT NULL,
	answer TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (article_id, version)
) WITHOUT ROWID;
CREATE TRIGGER kb_article_versions_no_update BEFORE UPDATE ON kb_article_versions
BEGIN
	SELECT RAISE(ABORT, 'article versions cannot be changed');
END;

-- Ticket categories an article applies to, for suggestions on an order.
CREATE TABLE kb_article_ticket_categories (
	code TEXT NOT NULL,
	article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
	PRIMARY KEY (code, article_id)
) WITHOUT ROWID;
CREATE INDEX kb_article_ticket_categories_article ON kb_article_ticket_categories(article_id);

-- The current version's text as lib/bigram tokens (rowid = article id).
-- The ascii tokenizer keeps every non-ASCII byte inside its token, so the
-- tokens are exactly the ones bigram made; prefix='1' serves one-character
-- queries.
CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tags, tokenize = 'ascii',
	prefix = '1');
-- How many articles hold each token: suggestions search by the rarest
-- words of an order's text.
CREATE VIRTUAL TABLE kb_fts_vocab USING fts5vocab(kb_fts, 'row');

INSERT INTO permissions (name, label, label_en) VALUES
	('kb.read', '查看知识库', 'Read the knowledge base'),
	('kb.edit', '编辑知识库', 'Edit the knowledge base');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'kb.read' AS permission
		UNION ALL SELECT 'admin', 'kb.edit'
		UNION ALL SELECT 'supervisor', 'kb.read'
		UNION ALL SELECT 'supervisor', 'kb.edit'
		UNION ALL SELECT 'agent', 'kb.read'
		UNION ALL SELECT 'account_manager', 'kb.read'
		UNION ALL SELECT 'analyst', 'kb.read'
		UNION ALL SELECT 'reviewer', 'kb.read'
	) g ON g.role = r.name;

INSERT INTO kb_categories (id, parent_id, name, sort, updated_at) VALUES
	(1, NULL, '电力服务', 10, 0),
	(2, NULL, '通信服务', 20, 0),
	(3, NULL, '银行业务', 30, 0),
	(4, NULL, '物业服务', 40, 0),
	(5, NULL, '物流快递', 50, 0),
	(6, NULL, '汽车服务', 60, 0),
	(7, NULL, '通用规范', 90, 0);
