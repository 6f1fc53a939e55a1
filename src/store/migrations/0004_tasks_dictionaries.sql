-- Tasks (SAL-2), administrator-maintained dictionaries (CUS-4) and the
-- GB/T 2260 administrative divisions that customer addresses use (CUS-1).
-- The regions table is filled by the store (store/regions.c) from the
-- table generated into src/store/regions_data.c, not here.

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	due_at INTEGER,            -- ms since the epoch, UTC; NULL: no due date
	priority TEXT NOT NULL DEFAULT 'normal'
		CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
	assignee_id INTEGER NOT NULL REFERENCES users(id),
	customer_id INTEGER REFERENCES customers(id),
	ticket_id INTEGER,         -- linked by the service desk module later
	opportunity_id INTEGER,    -- linked by the sales module later
	created_by INTEGER REFERENCES users(id), -- NULL: made at the command line
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	completed_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1
);
-- Lists are ordered by due date, tasks without one last, then id: the
-- same expression in the indexes and in the queries of store/tasks.c.
CREATE INDEX tasks_assignee ON tasks(assignee_id, status,
	coalesce(due_at, 9223372036854775807), id);
CREATE INDEX tasks_creator ON tasks(created_by, status,
	coalesce(due_at, 9223372036854775807), id);
CREATE INDEX tasks_customer ON tasks(customer_id, status,
	coalesce(due_at, 9223372036854775807), id) WHERE customer_id IS NOT NULL;
CREATE INDEX tasks_status ON tasks(status, coalesce(due_at, 9223372036854775807), id);

-- Kinds of dictionary; tree kinds allow items with a parent.
CREATE TABLE dictionary_kinds (
	kind TEXT PRIMARY KEY,
	label TEXT NOT NULL,
	label_en TEXT NOT NULL,
	tree INTEGER NOT NULL DEFAULT 0,
	sort INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE dictionaries (
	kind TEXT NOT NULL REFERENCES dictionary_kinds(kind),
	code TEXT NOT NULL,
	label TEXT NOT NULL,
	parent_code TEXT,
	sort INTEGER NOT NULL DEFAULT 0,
	enabled INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, code),
	FOREIGN KEY (kind, parent_code) REFERENCES dictionaries(kind, code)
) WITHOUT ROWID;
CREATE INDEX dictionaries_parent ON dictionaries(kind, parent_code);

-- GB/T 2260: level 1 province, 2 city (prefecture), 3 district (county).
-- full_name is the path as people write it: 广东省 深圳市 南山区.
CREATE TABLE regions (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	parent_code TEXT,
	level INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
	full_name TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions(parent_code, code);

INSERT INTO dictionary_kinds (kind, label, label_en, tree, sort) VALUES
	('industry', '行业', 'Industry', 0, 10),
	('customer_source', '客户来源', 'Customer source', 0, 20),
	('salutation', '称谓', 'Salutation', 0, 30),
	('job_title', '职务', 'Job title', 0, 40),
	('department', '部门', 'Department', 0, 50),
	('decision_role', '决策角色', 'Decision role', 0, 60),
	('education', '学历', 'Education', 0, 70),
	('ticket_category', '工单分类', 'Ticket category', 1, 80);

INSERT INTO dictionaries (kind, code, label, parent_code, sort) VALUES
	('industry', 'finance', '金融', NULL, 10),
	('industry', 'telecom', '电信', NULL, 20),
	('industry', 'power', '电力', NULL, 30),
	('industry', 'water', '水务', NULL, 40),
	('industry', 'real_estate', '房地产', NULL, 50),
	('industry', 'logistics', '物流', NULL, 60),
	('industry', 'automotive', '汽车', NULL, 70),
	('industry', 'manufacturing', '制造', NULL, 80),
	('industry', 'retail', '批发零售', NULL, 90),
	('industry', 'it', '信息技术', NULL, 100),
	('industry', 'construction', '建筑', NULL, 110),
	('industry', 'hospitality', '住宿餐饮', NULL, 120),
	('industry', 'government', '政府', NULL, 130),
	('industry', 'education', '教育', NULL, 140),
	('industry', 'healthcare', '医疗', NULL, 150),
	('industry', 'other', '其他', NULL, 990),
	('customer_source', 'hotline', '热线', NULL, 10),
	('customer_source', 'branch', '营业厅', NULL, 20),
	('customer_source', 'website', '官网', NULL, 30),
	('customer_source', 'wechat', '微信公众号', NULL, 40),
	('customer_source', 'referral', '客户经理推荐', NULL, 50),
	('customer_source', 'event', '线下活动', NULL, 60),
	('customer_source', 'partner', '合作渠道', NULL, 70),
	('salutation', 'mr', '先生', NULL, 10),
	('salutation', 'ms', '女士', NULL, 20),
	('salutation', 'manager', '经理', NULL, 30),
	('salutation', 'director', '总监', NULL, 40),
	('salutation', 'general', '总', NULL, 50),
	('salutation', 'chief', '主任', NULL, 60),
	('salutation', 'teacher', '老师', NULL, 70),
	('job_title', 'chairman', '董事长', NULL, 10),
	('job_title', 'ceo', '总经理', NULL, 20),
	('job_title', 'vp', '副总经理', NULL, 30),
	('job_title', 'cfo', '财务总监', NULL, 40),
	('job_title', 'dept_manager', '部门经理', NULL, 50),
	('job_title', 'purchasing', '采购经理', NULL, 60),
	('job_title', 'supervisor', '主管', NULL, 70),
	('job_title', 'engineer', '工程师', NULL, 80),
	('job_title', 'staff', '专员', NULL, 90),
	('department', 'executive', '总经办', NULL, 10),
	('department', 'finance', '财务部', NULL, 20),
	('department', 'purchasing', '采购部', NULL, 30),
	('department', 'it', '信息技术部', NULL, 40),
	('department', 'marketing', '市场部', NULL, 50),
	('department', 'sales', '销售部', NULL, 60),
	('department', 'service', '客服部', NULL, 70),
	('department', 'admin', '行政部', NULL, 80),
	('department', 'hr', '人力资源部', NULL, 90),
	('department', 'legal', '法务部', NULL, 100),
	('decision_role', 'decision_maker', '决策者', NULL, 10),
	('decision_role', 'influencer', '影响者', NULL, 20),
	('decision_role', 'gatekeeper', '把关者', NULL, 30),
	('decision_role', 'user', '使用者', NULL, 40),
	('education', 'junior', '初中及以下', NULL, 10),
	('education', 'senior', '高中/中专', NULL, 20),
	('education', 'college', '大专', NULL, 30),
	('education', 'bachelor', '本科', NULL, 40),
	('education', 'master', '硕士', NULL, 50),
	('education', 'doctor', '博士', NULL, 60),
	('ticket_category', 'complaint', '投诉', NULL, 10),
	('ticket_category', 'repair', '报修', NULL, 20),
	('ticket_category', 'inquiry', '咨询', NULL, 30),
	('ticket_category', 'service', '业务办理', NULL, 40),
	('ticket_category', 'suggestion', '建议', NULL, 50),
	('ticket_category', 'event', '活动报名', NULL, 60),
	('ticket_category', 'complaint.attitude', '服务态度', 'complaint', 10),
	('ticket_category', 'complaint.quality', '产品质量', 'complaint', 20),
	('ticket_category', 'complaint.billing', '收费争议', 'complaint', 30),
	('ticket_category', 'complaint.delay', '办理时效', 'complaint', 40),
	('ticket_category', 'repair.network', '网络故障', 'repair', 10),
	('ticket_category', 'repair.power', '停电故障', 'repair', 20),
	('ticket_category', 'repair.water', '供水故障', 'repair', 30),
	('ticket_category', 'repair.property', '物业维修', 'repair', 40),
	('ticket_category', 'inquiry.product', '产品咨询', 'inquiry', 10),
	('ticket_category', 'inquiry.bill', '账单查询', 'inquiry', 20),
	('ticket_category', 'inquiry.policy', '政策咨询', 'inquiry', 30),
	('ticket_category', 'service.open', '新装开户', 'service', 10),
	('ticket_category', 'service.change', '变更业务', 'service', 20),
	('ticket_category', 'service.close', '销户', 'service', 30);

INSERT INTO permissions (name, label, label_en) VALUES
	('task.read', '查看任务', 'View tasks'),
	('task.write', '新建和处理任务', 'Create and work on tasks'),
	('task.manage', '管理所有人的任务', 'Manage everyone''s tasks'),
	('dictionary.manage', '维护数据字典', 'Maintain dictionaries');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'task.read' AS permission
		UNION ALL SELECT 'admin', 'task.write'
		UNION ALL SELECT 'admin', 'task.manage'
		UNION ALL SELECT 'admin', 'dictionary.manage'
		UNION ALL SELECT 'supervisor', 'task.read'
		UNION ALL SELECT 'supervisor', 'task.write'
		UNION ALL SELECT 'supervisor', 'task.manage'
		UNION ALL SELECT 'agent', 'task.read'
		UNION ALL SELECT 'agent', 'task.write'
		UNION ALL SELECT 'account_manager', 'task.read'
		UNION ALL SELECT 'account_manager', 'task.write'
		UNION ALL SELECT 'analyst', 'task.read'
		UNION ALL SELECT 'analyst', 'task.write'
		UNION ALL SELECT 'reviewer', 'task.read'
		UNION ALL SELECT 'reviewer', 'task.write'
	) g ON g.role = r.name;
