-- Search indexes may be deferred during a bootstrap (core/search/deferred-index.ts): while the
-- settings row 'search.rebuildPending' exists, the triggers of 0001_search leave the FTS tables
-- alone, and the index is rebuilt from the tables in one go when the bootstrap ends (or when the
-- desk next starts, after a crash). The flag is data: it commits or rolls back with the page.
DROP TRIGGER customers_search_insert;
--> statement-breakpoint
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  INSERT INTO customer_search(rowid, name, phone, email, tax_id)
  VALUES (new.rowid, new.name, replace(new.phone, '+', ''), coalesce(new.email, ''),
          coalesce(new.tax_id, '') || ' ' || coalesce(new.vat_number, ''));
END;
--> statement-breakpoint
DROP TRIGGER customers_search_update;
--> statement-breakpoint
CREATE TRIGGER customers_search_update AFTER UPDATE ON customers
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
  INSERT INTO customer_search(rowid, name, phone, email, tax_id)
  VALUES (new.rowid, new.name, replace(new.phone, '+', ''), coalesce(new.email, ''),
          coalesce(new.tax_id, '') || ' ' || coalesce(new.vat_number, ''));
END;
--> statement-breakpoint
DROP TRIGGER customers_search_delete;
--> statement-breakpoint
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
END;
--> statement-breakpoint
DROP TRIGGER customers_order_search_update;
--> statement-breakpoint
CREATE TRIGGER customers_order_search_update AFTER UPDATE OF name, phone ON customers
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM order_search WHERE rowid IN (SELECT rowid FROM repair_orders WHERE customer_id = new.id);
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, new.name, replace(new.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM repair_orders o JOIN devices d ON d.id = o.device_id WHERE o.customer_id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER devices_order_search_update;
--> statement-breakpoint
CREATE TRIGGER devices_order_search_update AFTER UPDATE OF brand, model, serial, imei ON devices
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM order_search WHERE rowid IN (SELECT rowid FROM repair_orders WHERE device_id = new.id);
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, c.name, replace(c.phone, '+', ''), new.brand || ' ' || new.model,
         coalesce(new.serial, ''), coalesce(new.imei, '')
  FROM repair_orders o JOIN customers c ON c.id = o.customer_id WHERE o.device_id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER orders_search_insert;
--> statement-breakpoint
CREATE TRIGGER orders_search_insert AFTER INSERT ON repair_orders
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT new.rowid, new.number, c.name, replace(c.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM customers c, devices d WHERE c.id = new.customer_id AND d.id = new.device_id;
END;
--> statement-breakpoint
DROP TRIGGER orders_search_update;
--> statement-breakpoint
CREATE TRIGGER orders_search_update AFTER UPDATE OF number, customer_id, device_id ON repair_orders
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM order_search WHERE rowid = old.rowid;
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT new.rowid, new.number, c.name, replace(c.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM customers c, devices d WHERE c.id = new.customer_id AND d.id = new.device_id;
END;
--> statement-breakpoint
DROP TRIGGER orders_search_delete;
--> statement-breakpoint
CREATE TRIGGER orders_search_delete AFTER DELETE ON repair_orders
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  DELETE FROM order_search WHERE rowid = old.rowid;
END;
