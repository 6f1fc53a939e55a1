-- Prefix search (CUS-9) through one index of search keys per customer:
-- its name, company, full pinyin and pinyin initials. A prefix query reads
-- this index in key order and stops after one page, so its cost does not
-- grow with the number of matches (a UNION of the matching ids ordered by
-- id had to collect them all).
CREATE TABLE customer_search (
	key TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	PRIMARY KEY (key, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_search_customer ON customer_search(customer_id);

INSERT OR IGNORE INTO customer_search (key, customer_id)
	SELECT name, id FROM customers WHERE deleted_at IS NULL
	UNION ALL SELECT company, id FROM customers WHERE deleted_at IS NULL AND company <> ''
	UNION ALL SELECT pinyin, id FROM customers WHERE deleted_at IS NULL AND pinyin <> ''
	UNION ALL SELECT initials, id FROM customers WHERE deleted_at IS NULL AND initials <> '';

DROP INDEX customers_name;
DROP INDEX customers_initials;
DROP INDEX customers_pinyin;
DROP INDEX customers_company;
