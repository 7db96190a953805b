-- CreateTable
CREATE TABLE "participants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT[],
    "jurisdiction" CHAR(2) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_keys" (
    "key_id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "public_key" BYTEA NOT NULL,
    "valid_from" TIMESTAMPTZ(6) NOT NULL,
    "valid_until" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_keys_pkey" PRIMARY KEY ("key_id")
);

-- CreateTable
CREATE TABLE "api_credentials" (
    "id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "submissions" (
    "event_id" UUID NOT NULL,
    "submitter" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "consignment_ref" TEXT,
    "envelope" JSONB NOT NULL,
    "opening" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'accepted',
    "published_at" TIMESTAMPTZ(6),
    "ledger_index" BIGINT,
    "rejection_reason" TEXT,
    "accepted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "submissions_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "index" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "consignment_ref" TEXT,
    "submitter" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "envelope" BYTEA NOT NULL,
    "leaf_hash" BYTEA NOT NULL,
    "committed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("index")
);

-- CreateTable
CREATE TABLE "event_payloads" (
    "event_id" UUID NOT NULL,
    "opening" JSONB NOT NULL,

    CONSTRAINT "event_payloads_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "ledger_tree_nodes" (
    "level" INTEGER NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "ledger_tree_nodes_pkey" PRIMARY KEY ("level","index")
);

-- CreateTable
CREATE TABLE "ledger_checkpoints" (
    "tree_size" BIGINT NOT NULL,
    "root_hash" BYTEA NOT NULL,
    "note" TEXT NOT NULL,
    "tree_state" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_checkpoints_pkey" PRIMARY KEY ("tree_size")
);

-- CreateTable
CREATE TABLE "checkpoint_cosignatures" (
    "tree_size" BIGINT NOT NULL,
    "witness" TEXT NOT NULL,
    "signature_line" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkpoint_cosignatures_pkey" PRIMARY KEY ("tree_size","witness")
);

-- CreateTable
CREATE TABLE "witness_checkpoints" (
    "witness" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "root_hash" BYTEA NOT NULL,
    "note" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "witness_checkpoints_pkey" PRIMARY KEY ("witness","origin")
);

-- CreateTable
CREATE TABLE "equivocation_reports" (
    "id" BIGSERIAL NOT NULL,
    "witness" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "tree_size" BIGINT NOT NULL,
    "known_note" TEXT NOT NULL,
    "offered_note" TEXT NOT NULL,
    "detected_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "equivocation_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "participant_keys_participant_id_idx" ON "participant_keys"("participant_id");

-- CreateIndex
CREATE INDEX "api_credentials_participant_id_idx" ON "api_credentials"("participant_id");

-- CreateIndex
CREATE INDEX "submissions_submitter_accepted_at_idx" ON "submissions"("submitter", "accepted_at");

-- CreateIndex
CREATE INDEX "submissions_published_at_idx" ON "submissions"("published_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_event_id_key" ON "ledger_entries"("event_id");

-- CreateIndex
CREATE INDEX "ledger_entries_consignment_ref_index_idx" ON "ledger_entries"("consignment_ref", "index");

-- AddForeignKey
ALTER TABLE "participant_keys" ADD CONSTRAINT "participant_keys_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_credentials" ADD CONSTRAINT "api_credentials_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkpoint_cosignatures" ADD CONSTRAINT "checkpoint_cosignatures_tree_size_fkey" FOREIGN KEY ("tree_size") REFERENCES "ledger_checkpoints"("tree_size") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only ledger: PostgreSQL itself refuses to change or remove what was committed.
-- `borderledger audit` recomputes the hashes to catch what a superuser could still do.
CREATE FUNCTION "refuse_ledger_rewrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "ledger_entries_no_truncate" BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "event_payloads_append_only" BEFORE UPDATE OR DELETE ON "event_payloads"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "event_payloads_no_truncate" BEFORE TRUNCATE ON "event_payloads"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "ledger_tree_nodes_append_only" BEFORE UPDATE OR DELETE ON "ledger_tree_nodes"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "ledger_tree_nodes_no_truncate" BEFORE TRUNCATE ON "ledger_tree_nodes"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "ledger_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "ledger_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "ledger_checkpoints_no_truncate" BEFORE TRUNCATE ON "ledger_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "checkpoint_cosignatures_append_only" BEFORE UPDATE OR DELETE ON "checkpoint_cosignatures"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
CREATE TRIGGER "equivocation_reports_append_only" BEFORE UPDATE OR DELETE ON "equivocation_reports"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_rewrite"();
