-- An order's search row joins the order with its customer and its device (0001_search), and was
-- written only when the order arrived. Pulled rows can arrive in another order: the server's
-- commit order can deliver a row before the row it references, and a download of the head
-- office's rows as they stand (a desk away longer than the change log keeps) sends an order
-- whose customer was created after that table's pages were read. The order then had no search
-- row, and nothing wrote one when its customer or device arrived. Now whichever of the three
-- arrives last writes it.
CREATE TRIGGER customers_order_search_insert AFTER INSERT ON customers
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, new.name, replace(new.phone, '+', ''), d.brand || ' ' || d.model,
         coalesce(d.serial, ''), coalesce(d.imei, '')
  FROM repair_orders o JOIN devices d ON d.id = o.device_id
  WHERE o.customer_id = new.id AND o.rowid NOT IN (SELECT rowid FROM order_search);
END;
--> statement-breakpoint
CREATE TRIGGER devices_order_search_insert AFTER INSERT ON devices
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.rebuildPending') BEGIN
  INSERT INTO order_search(rowid, number, customer, phone, device, serial, imei)
  SELECT o.rowid, o.number, c.name, replace(c.phone, '+', ''), new.brand || ' ' || new.model,
         coalesce(new.serial, ''), coalesce(new.imei, '')
  FROM repair_orders o JOIN customers c ON c.id = o.customer_id
  WHERE o.device_id = new.id AND o.rowid NOT IN (SELECT rowid FROM order_search);
END;
