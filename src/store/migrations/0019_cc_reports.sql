-- Contact centre reports (CC-5, CC-7): the KPI and rating reports read the
-- calls offered in a period, all of them through cc_calls_offered, or those
-- of one queue or one agent through these two, so that a filtered report
-- reads only that queue's or agent's calls of the period.
CREATE INDEX cc_calls_queue_offered ON cc_calls(queue_id, offered_at)
	WHERE queue_id IS NOT NULL;
CREATE INDEX cc_calls_agent_offered ON cc_calls(agent_id, offered_at)
	WHERE agent_id IS NOT NULL;
