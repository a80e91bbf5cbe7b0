-- V2: several nodes on one database (issue 17, docs/nodes.md).
-- Several nodes on one database (issue 17, docs/nodes.md). Added with ALTER ... IF NOT EXISTS so an
-- existing database is upgraded in place; H2 and PostgreSQL both accept it.
-- Every node writes its heartbeat here (io.runbook.system.NodeHeartbeat, database time); a node silent for
-- runbook.nodes.dead-after is removed by another node, which releases the engine jobs it had locked.
CREATE TABLE IF NOT EXISTS rb_node (
  node_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
  instance     VARCHAR(36)  NOT NULL,
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Which node accepted each alert, opened each incident, logged each escalation step.
ALTER TABLE rb_alert ADD COLUMN IF NOT EXISTS accepted_by VARCHAR(64);
ALTER TABLE rb_incident_registry ADD COLUMN IF NOT EXISTS opened_by VARCHAR(64);
ALTER TABLE rb_escalation_event ADD COLUMN IF NOT EXISTS node_id VARCHAR(64);
-- A notification is claimed by the node whose transaction wrote it until claimed_until (the dispatch
-- grace); after that any node's sweep may hand it to its process. Once delivered, claimed_by is the
-- node that sent it (the dispatcher's, or the one that ran the retry job).
ALTER TABLE rb_notification ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(64);
ALTER TABLE rb_notification ADD COLUMN IF NOT EXISTS claimed_until TIMESTAMP;
CREATE INDEX IF NOT EXISTS rb_notification_claims ON rb_notification (delivered_at, process_instance_id, claimed_until);
