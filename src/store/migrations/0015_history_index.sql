-- A customer's history is read newest first through customer_history_at
-- (customer_id, at, id), the index the timeline already uses; the second
-- index on (customer_id, id) only cost every change a third b-tree write.
DROP INDEX customer_history_customer;
