-- Whom the chase of work orders tells (SVC-4) is decided by a permission,
-- not by role names: ticket.supervise, granted to the roles that were told
-- before (supervisors in their team, administrators at the top).
INSERT INTO permissions (name, label, label_en) VALUES
	('ticket.supervise', '督办工单', 'Supervise work orders');

INSERT INTO role_permissions (role_id, permission)
	SELECT id, 'ticket.supervise' FROM roles WHERE name IN ('admin', 'supervisor');
