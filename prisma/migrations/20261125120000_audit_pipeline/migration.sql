-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "chain" TEXT NOT NULL DEFAULT '-',
ADD COLUMN     "chain_seq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "event" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'tool_call',
ADD COLUMN     "prev_hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "schema_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "tool_version" TEXT,
ADD COLUMN     "user_id" TEXT,
ALTER COLUMN "tenant_id" SET DATA TYPE TEXT,
ALTER COLUMN "client_id" SET DATA TYPE TEXT;

-- CreateTable
CREATE TABLE "audit_chain_heads" (
    "chain" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("chain")
);

-- CreateTable
CREATE TABLE "audit_exports" (
    "id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "query" JSONB NOT NULL,
    "requested_by" TEXT NOT NULL,
    "row_count" BIGINT NOT NULL DEFAULT 0,
    "expected_rows" BIGINT NOT NULL DEFAULT 0,
    "file_path" TEXT,
    "file_sha256" TEXT,
    "manifest" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_exports_created_at_idx" ON "audit_exports"("created_at");

-- Rows written before the chain existed (none in practice) keep distinct positions and an
-- empty hash: verification reports them as unchained rather than failing this migration.
UPDATE "audit_events" SET "chain" = COALESCE("tenant_id", '-'), "chain_seq" = "id";

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_chain_chain_seq_key" ON "audit_events"("chain", "chain_seq");

