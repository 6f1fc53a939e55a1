-- Platform: accounts, roles and permissions, sessions, API tokens,
-- sign-in attempts, password resets and the hash-chained audit log.
-- Times are UTC milliseconds since the epoch.

CREATE TABLE teams (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	parent_id INTEGER REFERENCES teams(id),
	created_at INTEGER NOT NULL
);

CREATE TABLE permissions (
	name TEXT PRIMARY KEY,
	label TEXT NOT NULL,
	label_en TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE roles (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	label TEXT NOT NULL,
	label_en TEXT NOT NULL
);

CREATE TABLE role_permissions (
	role_id INTEGER NOT NULL REFERENCES roles(id),
	permission TEXT NOT NULL REFERENCES permissions(name),
	PRIMARY KEY (role_id, permission)
) WITHOUT ROWID;

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE COLLATE NOCASE,
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	team_id INTEGER REFERENCES teams(id),
	level INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 9),
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_team ON users(team_id);

CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users(id),
	role_id INTEGER NOT NULL REFERENCES roles(id),
	PRIMARY KEY (user_id, role_id)
) WITHOUT ROWID;

-- id is the digest of the cookie value; the value itself is never stored.
CREATE TABLE sessions (
	id BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	ip TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	digest BLOB NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL COLLATE NOCASE,
	at INTEGER NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'fail', 'locked')),
	ip TEXT
);
CREATE INDEX login_attempts_user_at ON login_attempts(username, at);

CREATE TABLE password_resets (
	digest BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
) WITHOUT ROWID;

-- Append-only; each row's hash covers its fields and the previous hash.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL,
	detail TEXT NOT NULL,
	ip TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

INSERT INTO permissions (name, label, label_en) VALUES
	('user.read', '查看用户', 'View users'),
	('user.manage', '管理用户', 'Manage users'),
	('role.manage', '管理角色权限', 'Manage role permissions'),
	('audit.read', '查看审计日志', 'View audit log');

INSERT INTO roles (name, label, label_en) VALUES
	('admin', '系统管理员', 'Administrator'),
	('supervisor', '班长/主管', 'Supervisor'),
	('agent', '坐席', 'Agent'),
	('account_manager', '客户经理', 'Account manager'),
	('analyst', '分析员', 'Analyst'),
	('reviewer', '审核员', 'Reviewer');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, p.name FROM roles r, permissions p WHERE r.name = 'admin';
INSERT INTO role_permissions (role_id, permission)
	SELECT id, 'user.read' FROM roles WHERE name = 'supervisor';
