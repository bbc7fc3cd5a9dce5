-- CreateEnum
CREATE TYPE "upstream_transport" AS ENUM ('streamable_http', 'stdio');

-- CreateEnum
CREATE TYPE "tool_tier" AS ENUM ('read_only', 'write_safe', 'dangerous');

-- CreateEnum
CREATE TYPE "approval_plan_status" AS ENUM ('pending', 'approved', 'denied', 'expired', 'applied', 'cancelled');

-- CreateEnum
CREATE TYPE "approval_vote" AS ENUM ('approve', 'deny');

-- CreateEnum
CREATE TYPE "admin_role" AS ENUM ('admin', 'approver', 'auditor');

-- CreateEnum
CREATE TYPE "config_action" AS ENUM ('create', 'update', 'delete');

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clients" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_credentials" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "hash_algorithm" TEXT NOT NULL DEFAULT 'sha256',
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,
    "last_used_at" TIMESTAMPTZ(3),
    "rotated_from_id" UUID,

    CONSTRAINT "client_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scopes" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scopes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_scope_grants" (
    "client_id" UUID NOT NULL,
    "scope_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "client_scope_grants_pkey" PRIMARY KEY ("client_id","scope_id")
);

-- CreateTable
CREATE TABLE "upstreams" (
    "id" UUID NOT NULL,
    "tenant_id" UUID,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "transport" "upstream_transport" NOT NULL,
    "url" TEXT,
    "command" TEXT,
    "args" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "env" JSONB,
    "headers" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "introspected_at" TIMESTAMPTZ(3),
    "introspection_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upstreams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tools" (
    "id" UUID NOT NULL,
    "upstream_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "tier" "tool_tier" NOT NULL DEFAULT 'dangerous',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pinned_version_id" UUID,
    "discovered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_versions" (
    "id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "schema_hash" TEXT NOT NULL,
    "description" TEXT,
    "input_schema" JSONB NOT NULL,
    "output_schema" JSONB,
    "annotations" JSONB,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_required_scopes" (
    "tool_id" UUID NOT NULL,
    "scope_id" UUID NOT NULL,

    CONSTRAINT "tool_required_scopes_pkey" PRIMARY KEY ("tool_id","scope_id")
);

-- CreateTable
CREATE TABLE "tenant_budgets" (
    "tenant_id" UUID NOT NULL,
    "requests_per_minute" INTEGER,
    "burst" INTEGER,
    "max_concurrent_calls" INTEGER,
    "max_queue_depth" INTEGER,
    "default_timeout_ms" INTEGER,
    "max_request_bytes" INTEGER,
    "max_response_bytes" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_budgets_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "tool_budgets" (
    "tool_id" UUID NOT NULL,
    "max_concurrency" INTEGER,
    "max_queue_depth" INTEGER,
    "requests_per_minute" INTEGER,
    "timeout_ms" INTEGER,
    "max_request_bytes" INTEGER,
    "max_response_bytes" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_budgets_pkey" PRIMARY KEY ("tool_id")
);

-- CreateTable
CREATE TABLE "tenant_tool_budgets" (
    "tenant_id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,
    "max_concurrency" INTEGER,
    "max_queue_depth" INTEGER,
    "requests_per_minute" INTEGER,
    "timeout_ms" INTEGER,
    "max_request_bytes" INTEGER,
    "max_response_bytes" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_tool_budgets_pkey" PRIMARY KEY ("tenant_id","tool_id")
);

-- CreateTable
CREATE TABLE "canary_rules" (
    "id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,
    "tool_version_id" UUID NOT NULL,
    "tenant_id" UUID,
    "client_id" UUID,
    "percentage" INTEGER,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canary_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_policies" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tool_id" UUID,
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "approvers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "plan_ttl_seconds" INTEGER NOT NULL DEFAULT 3600,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_plans" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,
    "tool_version_id" UUID,
    "policy_id" UUID,
    "status" "approval_plan_status" NOT NULL DEFAULT 'pending',
    "summary" TEXT,
    "arguments" JSONB NOT NULL,
    "arguments_hash" TEXT NOT NULL,
    "mcp_task_id" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "approval_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_decisions" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "approver" TEXT NOT NULL,
    "vote" "approval_vote" NOT NULL,
    "comment" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "tenant_id" UUID,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "rule_id" TEXT,
    "client_id" UUID,
    "tool_name" TEXT,
    "tool_version_id" UUID,
    "upstream_id" UUID,
    "plan_id" UUID,
    "node_id" TEXT,
    "request_id" TEXT,
    "trace_id" TEXT,
    "duration_ms" INTEGER,
    "details" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_fleets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "last_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateway_fleets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fleet_tenants" (
    "fleet_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fleet_tenants_pkey" PRIMARY KEY ("fleet_id","tenant_id")
);

-- CreateTable
CREATE TABLE "fleet_credentials" (
    "id" UUID NOT NULL,
    "fleet_id" UUID NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "fleet_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_nodes" (
    "id" UUID NOT NULL,
    "fleet_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "credential_id" UUID,
    "software_version" TEXT,
    "applied_snapshot_version" INTEGER,
    "applied_at" TIMESTAMPTZ(3),
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateway_nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_snapshots" (
    "id" UUID NOT NULL,
    "fleet_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "jws" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "role" "admin_role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "admin_api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_history" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "tenant_id" UUID,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" "config_action" NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,

    CONSTRAINT "config_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenants_name_key" ON "tenants"("name");

-- CreateIndex
CREATE UNIQUE INDEX "clients_tenant_id_name_key" ON "clients"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "client_credentials_key_prefix_key" ON "client_credentials"("key_prefix");

-- CreateIndex
CREATE UNIQUE INDEX "client_credentials_key_hash_key" ON "client_credentials"("key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "client_credentials_rotated_from_id_key" ON "client_credentials"("rotated_from_id");

-- CreateIndex
CREATE INDEX "client_credentials_client_id_idx" ON "client_credentials"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "scopes_name_key" ON "scopes"("name");

-- CreateIndex
CREATE INDEX "client_scope_grants_scope_id_idx" ON "client_scope_grants"("scope_id");

-- CreateIndex
-- Edited by hand: NULLS NOT DISTINCT makes names of shared upstreams (tenant_id NULL)
-- unique too; Prisma cannot express it (see the Upstream model in schema.prisma).
CREATE UNIQUE INDEX "upstreams_tenant_id_name_key" ON "upstreams"("tenant_id", "name") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "tools_pinned_version_id_key" ON "tools"("pinned_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "tools_upstream_id_name_key" ON "tools"("upstream_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "tool_versions_tool_id_version_key" ON "tool_versions"("tool_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "tool_versions_tool_id_schema_hash_key" ON "tool_versions"("tool_id", "schema_hash");

-- CreateIndex
CREATE INDEX "tool_required_scopes_scope_id_idx" ON "tool_required_scopes"("scope_id");

-- CreateIndex
CREATE INDEX "tenant_tool_budgets_tool_id_idx" ON "tenant_tool_budgets"("tool_id");

-- CreateIndex
CREATE INDEX "canary_rules_tool_id_priority_idx" ON "canary_rules"("tool_id", "priority");

-- CreateIndex
CREATE INDEX "canary_rules_tool_version_id_idx" ON "canary_rules"("tool_version_id");

-- CreateIndex
CREATE INDEX "canary_rules_tenant_id_idx" ON "canary_rules"("tenant_id");

-- CreateIndex
CREATE INDEX "canary_rules_client_id_idx" ON "canary_rules"("client_id");

-- CreateIndex
CREATE INDEX "approval_policies_tool_id_idx" ON "approval_policies"("tool_id");

-- CreateIndex
CREATE UNIQUE INDEX "approval_policies_tenant_id_name_key" ON "approval_policies"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "approval_plans_tenant_id_status_requested_at_idx" ON "approval_plans"("tenant_id", "status", "requested_at");

-- CreateIndex
CREATE INDEX "approval_plans_client_id_idx" ON "approval_plans"("client_id");

-- CreateIndex
CREATE INDEX "approval_plans_tool_id_idx" ON "approval_plans"("tool_id");

-- CreateIndex
CREATE INDEX "approval_plans_policy_id_idx" ON "approval_plans"("policy_id");

-- CreateIndex
CREATE INDEX "approval_plans_tool_version_id_idx" ON "approval_plans"("tool_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "approval_decisions_plan_id_approver_key" ON "approval_decisions"("plan_id", "approver");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_event_id_key" ON "audit_events"("event_id");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_occurred_at_idx" ON "audit_events"("tenant_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_client_id_occurred_at_idx" ON "audit_events"("client_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "gateway_fleets_name_key" ON "gateway_fleets"("name");

-- CreateIndex
CREATE INDEX "fleet_tenants_tenant_id_idx" ON "fleet_tenants"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "fleet_credentials_key_prefix_key" ON "fleet_credentials"("key_prefix");

-- CreateIndex
CREATE UNIQUE INDEX "fleet_credentials_key_hash_key" ON "fleet_credentials"("key_hash");

-- CreateIndex
CREATE INDEX "fleet_credentials_fleet_id_idx" ON "fleet_credentials"("fleet_id");

-- CreateIndex
CREATE INDEX "gateway_nodes_fleet_id_last_seen_at_idx" ON "gateway_nodes"("fleet_id", "last_seen_at");

-- CreateIndex
CREATE INDEX "gateway_nodes_credential_id_idx" ON "gateway_nodes"("credential_id");

-- CreateIndex
CREATE UNIQUE INDEX "gateway_nodes_fleet_id_name_key" ON "gateway_nodes"("fleet_id", "name");

-- CreateIndex
CREATE INDEX "config_snapshots_fleet_id_content_hash_idx" ON "config_snapshots"("fleet_id", "content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "config_snapshots_fleet_id_version_key" ON "config_snapshots"("fleet_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "admin_api_tokens_name_key" ON "admin_api_tokens"("name");

-- CreateIndex
CREATE UNIQUE INDEX "admin_api_tokens_token_prefix_key" ON "admin_api_tokens"("token_prefix");

-- CreateIndex
CREATE UNIQUE INDEX "admin_api_tokens_token_hash_key" ON "admin_api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "config_history_entity_type_entity_id_occurred_at_idx" ON "config_history"("entity_type", "entity_id", "occurred_at");

-- CreateIndex
CREATE INDEX "config_history_tenant_id_occurred_at_idx" ON "config_history"("tenant_id", "occurred_at");

-- CreateIndex
CREATE INDEX "config_history_occurred_at_idx" ON "config_history"("occurred_at");

-- AddForeignKey
ALTER TABLE "clients" ADD CONSTRAINT "clients_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_credentials" ADD CONSTRAINT "client_credentials_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_credentials" ADD CONSTRAINT "client_credentials_rotated_from_id_fkey" FOREIGN KEY ("rotated_from_id") REFERENCES "client_credentials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_scope_grants" ADD CONSTRAINT "client_scope_grants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_scope_grants" ADD CONSTRAINT "client_scope_grants_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "scopes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upstreams" ADD CONSTRAINT "upstreams_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tools" ADD CONSTRAINT "tools_upstream_id_fkey" FOREIGN KEY ("upstream_id") REFERENCES "upstreams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tools" ADD CONSTRAINT "tools_pinned_version_id_fkey" FOREIGN KEY ("pinned_version_id") REFERENCES "tool_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_required_scopes" ADD CONSTRAINT "tool_required_scopes_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_required_scopes" ADD CONSTRAINT "tool_required_scopes_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "scopes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_budgets" ADD CONSTRAINT "tenant_budgets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_budgets" ADD CONSTRAINT "tool_budgets_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_tool_budgets" ADD CONSTRAINT "tenant_tool_budgets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_tool_budgets" ADD CONSTRAINT "tenant_tool_budgets_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canary_rules" ADD CONSTRAINT "canary_rules_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canary_rules" ADD CONSTRAINT "canary_rules_tool_version_id_fkey" FOREIGN KEY ("tool_version_id") REFERENCES "tool_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canary_rules" ADD CONSTRAINT "canary_rules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canary_rules" ADD CONSTRAINT "canary_rules_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_plans" ADD CONSTRAINT "approval_plans_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_plans" ADD CONSTRAINT "approval_plans_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_plans" ADD CONSTRAINT "approval_plans_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_plans" ADD CONSTRAINT "approval_plans_tool_version_id_fkey" FOREIGN KEY ("tool_version_id") REFERENCES "tool_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_plans" ADD CONSTRAINT "approval_plans_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "approval_policies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "approval_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fleet_tenants" ADD CONSTRAINT "fleet_tenants_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "gateway_fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fleet_tenants" ADD CONSTRAINT "fleet_tenants_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fleet_credentials" ADD CONSTRAINT "fleet_credentials_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "gateway_fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gateway_nodes" ADD CONSTRAINT "gateway_nodes_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "gateway_fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gateway_nodes" ADD CONSTRAINT "gateway_nodes_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "fleet_credentials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "config_snapshots" ADD CONSTRAINT "config_snapshots_fleet_id_fkey" FOREIGN KEY ("fleet_id") REFERENCES "gateway_fleets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
