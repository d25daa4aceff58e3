-- 005: the extractive summary Silver writes for each ticket (masked text, no personal data), so agents
-- and the dashboard can read what a ticket asks without opening its messages.
ALTER TABLE core.tickets ADD COLUMN IF NOT EXISTS summary text;
