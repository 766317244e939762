-- CreateEnum
CREATE TYPE "DismissalReason" AS ENUM ('FALSE_POSITIVE', 'ACCEPTED_RISK', 'WONT_FIX');

-- CreateEnum
CREATE TYPE "FindingEventKind" AS ENUM ('DETECTED', 'FIXED', 'REOPENED', 'DISMISSED', 'DISMISSAL_REMOVED', 'DISMISSAL_EXPIRED', 'NOT_SCANNED');

-- CreateEnum
CREATE TYPE "ScanSource" AS ENUM ('UPLOAD', 'AGENTLESS');

-- CreateEnum
CREATE TYPE "ScanState" AS ENUM ('PENDING', 'PROCESSING', 'COMPLETE', 'FAILED');

-- DropIndex
DROP INDEX "Finding_repositoryId_tool_type_fingerprint_key";

-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "category" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "dismissalComment" TEXT,
ADD COLUMN     "dismissalExpiresAt" TIMESTAMP(3),
ADD COLUMN     "dismissalReason" "DismissalReason",
ADD COLUMN     "dismissedAt" TIMESTAMP(3),
ADD COLUMN     "dismissedByEmail" TEXT,
ADD COLUMN     "dismissedById" UUID,
ADD COLUMN     "endColumn" INTEGER,
ADD COLUMN     "endLine" INTEGER,
ADD COLUMN     "fingerprintSource" TEXT,
ADD COLUMN     "firstSeenScanId" UUID,
ADD COLUMN     "message" TEXT,
ADD COLUMN     "occurrence" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "reopenedAt" TIMESTAMP(3),
ADD COLUMN     "reopenedScanId" UUID,
ADD COLUMN     "severityReason" TEXT,
ADD COLUMN     "snippet" TEXT,
ADD COLUMN     "startColumn" INTEGER;

-- CreateTable
CREATE TABLE "FindingEvent" (
    "id" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "kind" "FindingEventKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scanId" UUID,
    "actorId" UUID,
    "actorEmail" TEXT,
    "reason" "DismissalReason",
    "comment" TEXT,

    CONSTRAINT "FindingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rule" (
    "id" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "name" TEXT,
    "shortDescription" TEXT,
    "fullDescription" TEXT,
    "helpMarkdown" TEXT,
    "helpText" TEXT,
    "helpUri" TEXT,
    "tags" TEXT[],
    "cwes" TEXT[],
    "securitySeverity" DOUBLE PRECISION,
    "defaultLevel" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scan" (
    "id" UUID NOT NULL,
    "repositoryId" UUID NOT NULL,
    "source" "ScanSource" NOT NULL DEFAULT 'UPLOAD',
    "state" "ScanState" NOT NULL DEFAULT 'PENDING',
    "apiTokenId" UUID,
    "uploadedBy" TEXT,
    "commitSha" TEXT,
    "branch" TEXT,
    "category" TEXT,
    "checkoutUri" TEXT,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "resultCount" INTEGER NOT NULL DEFAULT 0,
    "contentSha256" TEXT NOT NULL,
    "payload" BYTEA,
    "newCount" INTEGER NOT NULL DEFAULT 0,
    "unchangedCount" INTEGER NOT NULL DEFAULT 0,
    "fixedCount" INTEGER NOT NULL DEFAULT 0,
    "reopenedCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Scan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Analysis" (
    "id" UUID NOT NULL,
    "repositoryId" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "type" "FindingType" NOT NULL,
    "toolVersion" TEXT,
    "lastScanId" UUID NOT NULL,
    "lastScanAt" TIMESTAMP(3) NOT NULL,
    "commitSha" TEXT,
    "branch" TEXT,

    CONSTRAINT "Analysis_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FindingEvent_findingId_at_idx" ON "FindingEvent"("findingId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Rule_tool_ruleId_key" ON "Rule"("tool", "ruleId");

-- CreateIndex
CREATE INDEX "Scan_repositoryId_createdAt_idx" ON "Scan"("repositoryId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Scan_createdAt_idx" ON "Scan"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Analysis_repositoryId_tool_category_key" ON "Analysis"("repositoryId", "tool", "category");

-- CreateIndex
CREATE INDEX "Finding_dismissalExpiresAt_idx" ON "Finding"("dismissalExpiresAt") WHERE ("dismissalExpiresAt" IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Finding_repositoryId_tool_category_fingerprint_occurrence_key" ON "Finding"("repositoryId", "tool", "category", "fingerprint", "occurrence");

-- AddForeignKey
ALTER TABLE "FindingEvent" ADD CONSTRAINT "FindingEvent_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Analysis" ADD CONSTRAINT "Analysis_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The log is stored gzip-compressed already: no second compression attempt on write.
ALTER TABLE "Scan" ALTER COLUMN "payload" SET STORAGE EXTERNAL;
