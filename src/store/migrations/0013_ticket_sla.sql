-- Chasing work orders against their time limits (SVC-3, SVC-4). The
-- scheduler reads only the orders whose next moment has come, through
-- tickets_sla_next, so a pass costs what falls due, not every open order.
ALTER TABLE tickets ADD COLUMN sla_tier TEXT NOT NULL DEFAULT '';      -- the customer's tier at creation
ALTER TABLE tickets ADD COLUMN sla_stage INTEGER NOT NULL DEFAULT 0;   -- 0, 1 warned, 2 overdue, 3.. escalated
ALTER TABLE tickets ADD COLUMN response_late INTEGER NOT NULL DEFAULT 0; -- first response missed, told
ALTER TABLE tickets ADD COLUMN sla_next_at INTEGER;                    -- NULL: nothing to chase
CREATE INDEX tickets_sla_next ON tickets(sla_next_at) WHERE sla_next_at IS NOT NULL;

INSERT INTO settings (key, value) VALUES ('ticket.escalate_after_minutes', '60')
	ON CONFLICT (key) DO NOTHING;
