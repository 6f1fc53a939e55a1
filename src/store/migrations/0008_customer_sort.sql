-- Customer lists sorted by last change (CUS-9): most recently changed first,
-- walked from the cursor (updated_at, id) without sorting the matches.
CREATE INDEX customers_updated ON customers(updated_at);
