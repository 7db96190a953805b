-- The ledger authenticates the participants who read it with their registry credentials
-- (docs/design/ledger.md, "Read access"), so its runtime role reads api_credentials too, still
-- without any right to change them. Where an administrator set the role up by hand (see
-- 20261129004136), they run this grant in each schema as well.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'borderledger_ledger_writer') THEN
    GRANT SELECT ON "api_credentials" TO borderledger_ledger_writer;
  ELSE
    RAISE WARNING 'role borderledger_ledger_writer is missing: grant it SELECT on api_credentials in schema % once it exists', current_schema();
  END IF;
END;
$$;
