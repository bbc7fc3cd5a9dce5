-- CreateEnum
CREATE TYPE "redis_fail_mode" AS ENUM ('open', 'closed');

-- AlterTable
ALTER TABLE "clients" ADD COLUMN     "rate_limit_points" INTEGER,
ADD COLUMN     "rate_limit_window_seconds" INTEGER,
ADD COLUMN     "tool_access" JSONB;

-- AlterTable
ALTER TABLE "gateway_fleets" ADD COLUMN     "auth" JSONB;

-- AlterTable
ALTER TABLE "tenant_budgets" ADD COLUMN     "client_rate_limit_points" INTEGER,
ADD COLUMN     "client_rate_limit_window_seconds" INTEGER,
ADD COLUMN     "daily_call_budget" INTEGER,
ADD COLUMN     "daily_cost_budget" DOUBLE PRECISION,
ADD COLUMN     "rate_limit_points" INTEGER,
ADD COLUMN     "rate_limit_window_seconds" INTEGER,
ADD COLUMN     "redis_fail_mode" "redis_fail_mode";

-- AlterTable
ALTER TABLE "tools" ADD COLUMN     "breaker_failure_threshold" INTEGER,
ADD COLUMN     "breaker_open_ms" INTEGER,
ADD COLUMN     "cost" DOUBLE PRECISION NOT NULL DEFAULT 1,
ADD COLUMN     "rules" JSONB NOT NULL DEFAULT '[]';
