-- The ledger service's runtime role: it reads and appends, it never rewrites. The triggers of
-- the previous migration refuse UPDATE, DELETE and TRUNCATE for everyone; this role does not even
-- hold those privileges, so a compromised ledger process cannot disable a trigger or rewrite a row.
-- See docs/design/ledger.md, "Database role".
--
-- Creating a role needs CREATEROLE (roles are cluster-wide). When the migrating user lacks it, the
-- migration warns and skips: an administrator then runs, once per cluster,
--   CREATE ROLE borderledger_ledger_writer NOLOGIN;
--   GRANT borderledger_ledger_writer TO <migrating user> WITH ADMIN OPTION;
-- and re-applies the grants below with `SELECT borderledger_grant_ledger_writer();` in each schema.

CREATE OR REPLACE FUNCTION "borderledger_grant_ledger_writer"() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'borderledger_ledger_writer') THEN
    BEGIN
      CREATE ROLE borderledger_ledger_writer NOLOGIN;
    EXCEPTION
      WHEN insufficient_privilege THEN
        RAISE WARNING 'role borderledger_ledger_writer is missing and % may not create it (needs CREATEROLE); the ledger runtime role is not set up in schema %', current_user, current_schema();
        RETURN false;
      WHEN duplicate_object OR unique_violation THEN
        NULL; -- another schema's migration created it at the same moment
    END;
  END IF;
  -- Lets the migrating (owning) user switch to the role: the ledger connects as it with
  -- `-c role=borderledger_ledger_writer` (LEDGER_DB_ROLE). Harmless when already a member.
  BEGIN
    EXECUTE format('GRANT borderledger_ledger_writer TO %I WITH SET TRUE, INHERIT FALSE', current_user);
  EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
    RAISE WARNING '% may not grant itself borderledger_ledger_writer; grant it membership with SET to the ledger''s login user', current_user;
  END;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO borderledger_ledger_writer', current_schema());
  GRANT SELECT, INSERT ON "ledger_entries", "event_payloads", "ledger_tree_nodes", "ledger_checkpoints", "checkpoint_cosignatures"
    TO borderledger_ledger_writer;
  REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
    ON "ledger_entries", "event_payloads", "ledger_tree_nodes", "ledger_checkpoints", "checkpoint_cosignatures"
    FROM borderledger_ledger_writer;
  -- The registry, read-only: keys and roles decide what the ledger accepts.
  GRANT SELECT ON "participants", "participant_keys" TO borderledger_ledger_writer;
  RETURN true;
END;
$$;

SELECT "borderledger_grant_ledger_writer"();
