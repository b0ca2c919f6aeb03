-- Search indexes: FTS5 with the trigram tokenizer answers "any fragment" queries (the last
-- four digits of a phone, part of a surname or an IMEI) in about a millisecond. Triggers keep
-- them in step with the tables, whichever path wrote the row (a handler or a pulled change).
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, phone, email, tax_id,
  content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE order_search USING fts5(
  number, customer, phone, device, serial, imei,
  content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
  INSERT INTO customer_search(rowid, name, phone, email, tax_id)
  VALUES (new.rowid, new.name, replace(new.phone, '+', ''), coalesce(new.email, ''),
          coalesce(new.tax_id, '') || ' ' || coalesce(new.vat_number, ''));
END;
--> statement-breakpoint
CREATE TRIGGER customers_search_update AFTER UPDATE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
  INSERT INTO customer_search(rowid, name, phone, email, tax_id)
  VALUES (new.rowid, new.name, replace(new.phone, '+', ''), coalesce(new.email, ''),
          coalesce(new.tax_id, '') || ' ' || coalesce(new.vat_number, ''));
END;
--> statement-breakpoint
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER customers_order_search_update AFTER UPDATE OF name, phone ON customers BEGIN
  DELETE FROM order_search WHERE rowid IN (SELECT rowid FROM repair_orders WHERE customer_id = new.id);
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, new.name, replace(new.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM repair_orders o JOIN devices d ON d.id = o.device_id WHERE o.customer_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER devices_order_search_update AFTER UPDATE OF brand, model, serial, imei ON devices BEGIN
  DELETE FROM order_search WHERE rowid IN (SELECT rowid FROM repair_orders WHERE device_id = new.id);
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, c.name, replace(c.phone, '+', ''), new.brand || ' ' || new.model,
         coalesce(new.serial, ''), coalesce(new.imei, '')
  FROM repair_orders o JOIN customers c ON c.id = o.customer_id WHERE o.device_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER orders_search_insert AFTER INSERT ON repair_orders BEGIN
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT new.rowid, new.number, c.name, replace(c.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM customers c, devices d WHERE c.id = new.customer_id AND d.id = new.device_id;
END;
--> statement-breakpoint
CREATE TRIGGER orders_search_update AFTER UPDATE OF number, customer_id, device_id ON repair_orders BEGIN
  DELETE FROM order_search WHERE rowid = old.rowid;
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT new.rowid, new.number, c.name, replace(c.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM customers c, devices d WHERE c.id = new.customer_id AND d.id = new.device_id;
END;
--> statement-breakpoint
CREATE TRIGGER orders_search_delete AFTER DELETE ON repair_orders BEGIN
  DELETE FROM order_search WHERE rowid = old.rowid;
END;
