-- Whom the chase of work orders tells (SVC-4) is decided by a permission,
-- not by role names: ticket.supervise, granted to the roles that were told
-- before (supervisors in their team, administrators at the top).
INSERT INTO permissions (name, label, label_en) VALUES
	('ticket.supervise', '督办工单', 'Supervise work orders');

INSERT INTO role_permissions (role_id, permission)
	SELECT id, 'ticket.supervise' FROM roles WHERE name IN ('admin', 'supervisor');

-- An order escalated past its team (level 2 and up) shows in the team and
-- overdue lists of the team it has reached, by this index: the chase sets
-- the column, the lists read it as a second range beside the team's own.
ALTER TABLE tickets ADD COLUMN escalated_team_id INTEGER REFERENCES teams(id);
CREATE INDEX tickets_escalated ON tickets(escalated_team_id, id)
	WHERE escalated_team_id IS NOT NULL AND state <> 'closed';

-- Orders escalated before: the team escalation_level - 1 levels above, or
-- the highest one when the teams end before.
UPDATE tickets SET escalated_team_id = (
	WITH RECURSIVE up(team, n) AS (
		SELECT tickets.team_id, 0
		UNION ALL
		SELECT teams.parent_id, up.n + 1 FROM up JOIN teams ON teams.id = up.team
		WHERE up.n < tickets.escalation_level - 1)
	SELECT team FROM up WHERE team IS NOT NULL AND n >= 1 ORDER BY n DESC LIMIT 1)
WHERE escalation_level >= 2 AND team_id IS NOT NULL;
