-- CreateEnum
CREATE TYPE "gateway_node_state" AS ENUM ('starting', 'serving', 'degraded');

-- AlterTable
ALTER TABLE "gateway_fleets" ADD COLUMN     "last_build_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_build_error" TEXT;

-- AlterTable
ALTER TABLE "gateway_nodes" ADD COLUMN     "hostname" TEXT,
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "state" "gateway_node_state";
