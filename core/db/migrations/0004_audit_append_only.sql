-- The audit trail is append-only: nothing deletes a row, and nothing edits one, except the
-- erasure of a customer's personal data (core/privacy/erase.ts), which may rewrite only the
-- before/after values while it holds the 'audit.redacting' marker in settings.
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'audit.redacting')
  OR new.id IS NOT old.id OR new.origin_site_id IS NOT old.origin_site_id
  OR new.created_at IS NOT old.created_at OR new.user_id IS NOT old.user_id
  OR new.site_id IS NOT old.site_id OR new.action IS NOT old.action
  OR new.entity IS NOT old.entity OR new.entity_id IS NOT old.entity_id
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE INDEX audit_log_user ON audit_log (user_id, created_at);
