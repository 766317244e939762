-- CreateEnum
CREATE TYPE "FindingType" AS ENUM ('CODE', 'SECRETS', 'DEPENDENCY', 'IAC', 'CONTAINER');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "FindingState" AS ENUM ('OPEN', 'FIXED', 'DISMISSED', 'NOT_SCANNED');

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "findingsCode" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsContainer" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsCritical" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsDependency" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsHigh" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsIac" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsLow" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsMedium" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsOpen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsSecrets" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastPushKey" TIMESTAMP(3) NOT NULL DEFAULT '1970-01-01 00:00:00'::timestamp without time zone,
ADD COLUMN     "lastScanAt" TIMESTAMP(3),
ADD COLUMN     "prAnnotationCategories" "FindingType"[],
ADD COLUMN     "prAnnotationMinSeverity" "Severity";

-- CreateTable
CREATE TABLE "Finding" (
    "id" UUID NOT NULL,
    "repositoryId" UUID NOT NULL,
    "type" "FindingType" NOT NULL,
    "severity" "Severity" NOT NULL,
    "state" "FindingState" NOT NULL DEFAULT 'OPEN',
    "tool" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT,
    "startLine" INTEGER,
    "fingerprint" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3),

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Finding_repositoryId_state_severity_idx" ON "Finding"("repositoryId", "state", "severity");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_repositoryId_tool_type_fingerprint_key" ON "Finding"("repositoryId", "tool", "type", "fingerprint");

-- CreateIndex
CREATE INDEX "Repository_findingsOpen_nameKey_id_idx" ON "Repository"("findingsOpen", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_lastPushKey_nameKey_id_idx" ON "Repository"("lastPushKey", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_connectorId_organizationName_projectPath_idx" ON "Repository"("connectorId", "organizationName", "projectPath");

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing rows: the sort key of their last push, and Azure DevOps repositories' annotations
-- are Off until discovery reads them (N/A is for the other providers).
UPDATE "Repository" SET "lastPushKey" = "lastPushAt" WHERE "lastPushAt" IS NOT NULL;
UPDATE "Repository" SET "prAnnotations" = 'OFF' WHERE provider = 'AZURE_DEVOPS' AND "prAnnotations" = 'NOT_AVAILABLE';
