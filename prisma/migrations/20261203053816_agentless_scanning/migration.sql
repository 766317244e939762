-- CreateEnum
CREATE TYPE "AgentlessStatus" AS ENUM ('NOT_SCANNED', 'SCANNED', 'SKIPPED', 'FAILING');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ScanState" ADD VALUE 'SKIPPED';
ALTER TYPE "ScanState" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "Connector" ADD COLUMN     "scanIntervalDays" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "agentlessReason" TEXT,
ADD COLUMN     "agentlessStatus" "AgentlessStatus" NOT NULL DEFAULT 'NOT_SCANNED',
ADD COLUMN     "lastAgentlessScanAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Scan" ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "isolation" TEXT,
ADD COLUMN     "scanners" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "skipReason" TEXT,
ADD COLUMN     "trigger" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Scan_one_active_agentless_idx" ON "Scan"("repositoryId") WHERE (source = 'AGENTLESS' AND state IN ('PENDING', 'PROCESSING'));
