-- Paging services are told when an incident's severity changes (PagerDuty: a trigger on the open alert; Opsgenie:
-- its priority), one delivery per severity it is changed to.
ALTER TABLE paging_deliveries DROP CONSTRAINT paging_deliveries_action_check;
ALTER TABLE paging_deliveries ADD CONSTRAINT paging_deliveries_action_check
  CHECK (action IN ('trigger', 'acknowledge', 'resolve', 'severity'));
