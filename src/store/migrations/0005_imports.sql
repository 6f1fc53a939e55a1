-- Customer import and export (CUS-11): bulk changes and bulk reads are
-- rights of their own, apart from editing and viewing one customer.

INSERT INTO permissions (name, label, label_en) VALUES
	('customer.import', '批量导入客户', 'Import customers in bulk'),
	('customer.export', '导出客户列表', 'Export customer lists');

INSERT INTO role_permissions (role_id, permission)
	SELECT r.id, g.permission FROM roles r JOIN (
		SELECT 'admin' AS role, 'customer.import' AS permission
		UNION ALL SELECT 'admin', 'customer.export'
		UNION ALL SELECT 'supervisor', 'customer.import'
		UNION ALL SELECT 'supervisor', 'customer.export'
		UNION ALL SELECT 'account_manager', 'customer.export'
		UNION ALL SELECT 'analyst', 'customer.export'
	) g ON g.role = r.name;
