-- AlterTable
ALTER TABLE "upstreams" ADD COLUMN     "namespace" TEXT,
ADD COLUMN     "timeout_ms" INTEGER NOT NULL DEFAULT 60000;
