-- Status updates: when the latest was posted, when the next is due (set by `/incident update ... next=`,
-- else the severity's cadence in vigil.yml), and when vigil last reminded the channel of an overdue one.
ALTER TABLE incidents
  ADD COLUMN last_update_at timestamptz,
  ADD COLUMN next_update_at timestamptz,
  ADD COLUMN update_reminded_at timestamptz;
