-- Records over ~2 kB (an audit row repeats its change) are compressed when written. PostgreSQL's
-- default, pglz, cost about an eighth of the server's database CPU on a push; lz4 is several times
-- cheaper to write and to read. PGlite is built without lz4 and keeps pglz: same data, same SQL.
DO $$
BEGIN
  ALTER TABLE "records" ALTER COLUMN "data" SET COMPRESSION lz4;
  ALTER TABLE "applied_mutations" ALTER COLUMN "params" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
