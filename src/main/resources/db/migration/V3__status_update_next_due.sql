-- V3: when each public status update promised the next one ("Next update in X minutes"); none for Resolved (issue 15).
ALTER TABLE rb_status_update ADD COLUMN IF NOT EXISTS next_update_due TIMESTAMP WITH TIME ZONE;
