-- Time limits of work orders (SVC-3): calendars (round the clock, or
-- business hours with public holidays and make-up working days) and the
-- SLA policies that give first-response and resolution limits per ticket
-- type, priority and customer tier on one calendar.

CREATE TABLE sla_calendars (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('24x7', 'business')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);

-- Weekly working hours of a business calendar, Beijing time: minutes
-- after midnight, [start_min, end_min). weekday 1 Monday … 7 Sunday. A
-- make-up working day has the hours of a Monday.
CREATE TABLE sla_calendar_hours (
	calendar_id INTEGER NOT NULL REFERENCES sla_calendars(id) ON DELETE CASCADE,
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start_min INTEGER NOT NULL CHECK (start_min >= 0 AND start_min < 1440),
	end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
	PRIMARY KEY (calendar_id, weekday, start_min)
) WITHOUT ROWID;

-- Dates that depart from the weekly hours, edited year by year: public
-- holidays (no working time) and make-up working days (调休).
CREATE TABLE sla_calendar_days (
	calendar_id INTEGER NOT NULL REFERENCES sla_calendars(id) ON DELETE CASCADE,
	date TEXT NOT NULL,            -- YYYY-MM-DD, Beijing
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (calendar_id, date)
) WITHOUT ROWID;

-- tier NULL: any tier; a row for the customer's own tier wins over it.
CREATE TABLE sla_policies (
	id INTEGER PRIMARY KEY,
	ticket_type TEXT NOT NULL
		CHECK (ticket_type IN ('complaint', 'repair', 'inquiry', 'service', 'suggestion', 'event')),
	priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	tier TEXT CHECK (tier IN ('vip', 'key', 'general', 'small')),
	calendar_id INTEGER NOT NULL REFERENCES sla_calendars(id),
	response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),
	resolve_minutes INTEGER NOT NULL CHECK (resolve_minutes >= response_minutes),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sla_policies_key ON sla_policies(ticket_type, priority, coalesce(tier, ''));
CREATE INDEX sla_policies_calendar ON sla_policies(calendar_id);

INSERT INTO sla_calendars (id, name, kind, created_at, updated_at) VALUES
	(1, '全天候（7×24）', '24x7', 0, 0),
	(2, '中国大陆工作日', 'business', 0, 0);

-- Monday to Friday 09:00–12:00 and 13:30–18:00.
INSERT INTO sla_calendar_hours (calendar_id, weekday, start_min, end_min)
	SELECT 2, w.d, s.a, s.b FROM
		(SELECT 1 AS d UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
		 UNION ALL SELECT 5) w,
		(SELECT 540 AS a, 720 AS b UNION ALL SELECT 810, 1080) s;

-- 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
INSERT INTO sla_calendar_days (calendar_id, date, kind, name) VALUES
	(2, '2026-01-01', 'holiday', '元旦'),
	(2, '2026-01-02', 'holiday', '元旦'),
	(2, '2026-01-03', 'holiday', '元旦'),
	(2, '2026-01-04', 'workday', '元旦调休上班'),
	(2, '2026-02-14', 'workday', '春节调休上班'),
	(2, '2026-02-15', 'holiday', '春节'),
	(2, '2026-02-16', 'holiday', '春节'),
	(2, '2026-02-17', 'holiday', '春节'),
	(2, '2026-02-18', 'holiday', '春节'),
	(2, '2026-02-19', 'holiday', '春节'),
	(2, '2026-02-20', 'holiday', '春节'),
	(2, '2026-02-21', 'holiday', '春节'),
	(2, '2026-02-22', 'holiday', '春节'),
	(2, '2026-02-23', 'holiday', '春节'),
	(2, '2026-02-28', 'workday', '春节调休上班'),
	(2, '2026-04-04', 'holiday', '清明节'),
	(2, '2026-04-05', 'holiday', '清明节'),
	(2, '2026-04-06', 'holiday', '清明节'),
	(2, '2026-05-01', 'holiday', '劳动节'),
	(2, '2026-05-02', 'holiday', '劳动节'),
	(2, '2026-05-03', 'holiday', '劳动节'),
	(2, '2026-05-04', 'holiday', '劳动节'),
	(2, '2026-05-05', 'holiday', '劳动节'),
	(2, '2026-05-09', 'workday', '劳动节调休上班'),
	(2, '2026-06-19', 'holiday', '端午节'),
	(2, '2026-06-20', 'holiday', '端午节'),
	(2, '2026-06-21', 'holiday', '端午节'),
	(2, '2026-09-20', 'workday', '国庆节调休上班'),
	(2, '2026-09-25', 'holiday', '中秋节'),
	(2, '2026-09-26', 'holiday', '中秋节'),
	(2, '2026-09-27', 'holiday', '中秋节'),
	(2, '2026-10-01', 'holiday', '国庆节'),
	(2, '2026-10-02', 'holiday', '国庆节'),
	(2, '2026-10-03', 'holiday', '国庆节'),
	(2, '2026-10-04', 'holiday', '国庆节'),
	(2, '2026-10-05', 'holiday', '国庆节'),
	(2, '2026-10-06', 'holiday', '国庆节'),
	(2, '2026-10-07', 'holiday', '国庆节'),
	(2, '2026-10-10', 'workday', '国庆节调休上班');

-- Default limits for any tier. Urgent and high orders run round the
-- clock; the others count business time (one business day = 7.5 h =
-- 450 minutes). Complaints and repairs are answered faster than the rest.
INSERT INTO sla_policies (ticket_type, priority, tier, calendar_id, response_minutes,
			  resolve_minutes, created_at, updated_at) VALUES
	('complaint', 'urgent', NULL, 1, 30, 240, 0, 0),
	('complaint', 'high', NULL, 1, 60, 480, 0, 0),
	('complaint', 'normal', NULL, 2, 120, 900, 0, 0),
	('complaint', 'low', NULL, 2, 240, 1800, 0, 0),
	('repair', 'urgent', NULL, 1, 30, 240, 0, 0),
	('repair', 'high', NULL, 1, 60, 720, 0, 0),
	('repair', 'normal', NULL, 1, 120, 1440, 0, 0),
	('repair', 'low', NULL, 2, 450, 2250, 0, 0),
	('inquiry', 'urgent', NULL, 1, 30, 240, 0, 0),
	('inquiry', 'high', NULL, 2, 120, 900, 0, 0),
	('inquiry', 'normal', NULL, 2, 240, 1350, 0, 0),
	('inquiry', 'low', NULL, 2, 450, 2250, 0, 0),
	('service', 'urgent', NULL, 1, 60, 480, 0, 0),
	('service', 'high', NULL, 2, 120, 1350, 0, 0),
	('service', 'normal', NULL, 2, 240, 2250, 0, 0),
	('service', 'low', NULL, 2, 450, 4500, 0, 0),
	('suggestion', 'urgent', NULL, 2, 120, 900, 0, 0),
	('suggestion', 'high', NULL, 2, 240, 1350, 0, 0),
	('suggestion', 'normal', NULL, 2, 450, 2250, 0, 0),
	('suggestion', 'low', NULL, 2, 900, 4500, 0, 0),
	('event', 'urgent', NULL, 1, 60, 480, 0, 0),
	('event', 'high', NULL, 2, 120, 900, 0, 0),
	('event', 'normal', NULL, 2, 240, 1350, 0, 0),
	('event', 'low', NULL, 2, 450, 2250, 0, 0),
	-- VIP customers: complaints and repairs faster, complaints round the clock.
	('complaint', 'high', 'vip', 1, 30, 240, 0, 0),
	('complaint', 'normal', 'vip', 1, 60, 480, 0, 0),
	('complaint', 'low', 'vip', 2, 120, 900, 0, 0),
	('repair', 'normal', 'vip', 1, 60, 720, 0, 0),
	('repair', 'low', 'vip', 1, 120, 1440, 0, 0);

INSERT INTO permissions (name, label, label_en) VALUES
	('sla.read', '查看服务时限和工作日历', 'View SLA policies and calendars'),
	('sla.manage', '维护服务时限和工作日历', 'Manage SLA policies and calendars');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'sla.read' AS permission
		UNION ALL SELECT 'admin', 'sla.manage'
		UNION ALL SELECT 'supervisor', 'sla.read'
		UNION ALL SELECT 'agent', 'sla.read'
	) g ON g.role = r.name;
