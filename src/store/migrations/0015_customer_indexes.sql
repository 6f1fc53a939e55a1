-- A customer's history is read newest first through customer_history_at
-- (customer_id, at, id), the index the timeline already uses; the second
-- index on (customer_id, id) only cost every change a third b-tree write.
DROP INDEX customer_history_customer;

-- Likely duplicates by name (CUS-10) are looked for only where the rule
-- applies: a name with a company, or an organisation's name. Most
-- customers are individuals without a company and need no entry, and each
-- entry is a write at a random place in the index.
DROP INDEX customers_name_company;
CREATE INDEX customers_name_company ON customers(name, company)
	WHERE deleted_at IS NULL AND company <> '';
CREATE INDEX customers_org_name ON customers(name)
	WHERE deleted_at IS NULL AND type <> 'individual';
