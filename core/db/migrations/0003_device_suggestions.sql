-- Brand and model suggestions at intake: how many orders each model has had, kept by a trigger
-- so a suggestion reads a few thousand rows instead of grouping a million orders. Local and
-- derived: orders pulled from the head office fire the same trigger.
CREATE TABLE device_model_usage (
  category TEXT NOT NULL,
  brand_key TEXT NOT NULL,
  model_key TEXT NOT NULL,
  brand TEXT NOT NULL,
  model TEXT NOT NULL,
  uses INTEGER NOT NULL,
  PRIMARY KEY (category, brand_key, model_key)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO device_model_usage (category, brand_key, model_key, brand, model, uses)
SELECT d.category, lower(d.brand), lower(d.model), min(d.brand), min(d.model), count(*)
FROM repair_orders o JOIN devices d ON d.id = o.device_id
GROUP BY d.category, lower(d.brand), lower(d.model);
--> statement-breakpoint
CREATE TRIGGER repair_orders_model_usage AFTER INSERT ON repair_orders BEGIN
  INSERT INTO device_model_usage (category, brand_key, model_key, brand, model, uses)
  SELECT d.category, lower(d.brand), lower(d.model), d.brand, d.model, 1
  FROM devices d WHERE d.id = new.device_id
  ON CONFLICT (category, brand_key, model_key) DO UPDATE SET uses = uses + 1;
END;
