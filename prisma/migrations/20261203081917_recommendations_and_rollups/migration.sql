-- CreateEnum
CREATE TYPE "PostureResourceKind" AS ENUM ('ORGANIZATION', 'PIPELINE', 'SERVICE_CONNECTION', 'VARIABLE_GROUP', 'SECURE_FILE');

-- CreateEnum
CREATE TYPE "AssessmentState" AS ENUM ('UNHEALTHY', 'HEALTHY', 'NOT_APPLICABLE', 'EXEMPT');

-- CreateEnum
CREATE TYPE "ExemptionReason" AS ENUM ('MITIGATED', 'RISK_ACCEPTED');

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "postureFacts" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "remediatedCritical" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remediatedHigh" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remediatedLow" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remediatedMedium" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remediationSecondsCritical" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "remediationSecondsHigh" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "remediationSecondsLow" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "remediationSecondsMedium" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "riskScore" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PostureResource" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "provider" "DevOpsProvider" NOT NULL,
    "kind" "PostureResourceKind" NOT NULL,
    "externalId" TEXT NOT NULL,
    "organizationExternalId" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL,
    "projectPath" TEXT,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "facts" JSONB NOT NULL DEFAULT '{}',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostureResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "connectorId" UUID NOT NULL,
    "repositoryId" UUID,
    "postureResourceId" UUID,
    "evaluatedState" "AssessmentState" NOT NULL,
    "state" "AssessmentState" NOT NULL,
    "reason" TEXT NOT NULL,
    "openFindings" INTEGER NOT NULL DEFAULT 0,
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exemption" (
    "id" UUID NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "connectorId" UUID NOT NULL,
    "repositoryId" UUID,
    "postureResourceId" UUID,
    "reason" "ExemptionReason" NOT NULL,
    "comment" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationRollup" (
    "connectorId" UUID NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "unhealthy" INTEGER NOT NULL DEFAULT 0,
    "healthy" INTEGER NOT NULL DEFAULT 0,
    "notApplicable" INTEGER NOT NULL DEFAULT 0,
    "exempt" INTEGER NOT NULL DEFAULT 0,
    "openFindings" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecommendationRollup_pkey" PRIMARY KEY ("connectorId","recommendationId")
);

-- CreateTable
CREATE TABLE "ConnectorRollup" (
    "connectorId" UUID NOT NULL,
    "repositories" INTEGER NOT NULL DEFAULT 0,
    "advancedSecurityOn" INTEGER NOT NULL DEFAULT 0,
    "findingsOpen" INTEGER NOT NULL DEFAULT 0,
    "findingsCritical" INTEGER NOT NULL DEFAULT 0,
    "findingsHigh" INTEGER NOT NULL DEFAULT 0,
    "findingsMedium" INTEGER NOT NULL DEFAULT 0,
    "findingsLow" INTEGER NOT NULL DEFAULT 0,
    "findingsCode" INTEGER NOT NULL DEFAULT 0,
    "findingsSecrets" INTEGER NOT NULL DEFAULT 0,
    "findingsDependency" INTEGER NOT NULL DEFAULT 0,
    "findingsIac" INTEGER NOT NULL DEFAULT 0,
    "findingsContainer" INTEGER NOT NULL DEFAULT 0,
    "remediatedCritical" INTEGER NOT NULL DEFAULT 0,
    "remediatedHigh" INTEGER NOT NULL DEFAULT 0,
    "remediatedMedium" INTEGER NOT NULL DEFAULT 0,
    "remediatedLow" INTEGER NOT NULL DEFAULT 0,
    "remediationSecondsCritical" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "remediationSecondsHigh" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "remediationSecondsMedium" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "remediationSecondsLow" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectorRollup_pkey" PRIMARY KEY ("connectorId")
);

-- CreateTable
CREATE TABLE "DailyRollup" (
    "connectorId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "critical" INTEGER NOT NULL DEFAULT 0,
    "high" INTEGER NOT NULL DEFAULT 0,
    "medium" INTEGER NOT NULL DEFAULT 0,
    "low" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyRollup_pkey" PRIMARY KEY ("connectorId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostureResource_connectorId_kind_externalId_key" ON "PostureResource"("connectorId", "kind", "externalId");

-- CreateIndex
CREATE INDEX "Assessment_recommendationId_state_connectorId_idx" ON "Assessment"("recommendationId", "state", "connectorId");

-- CreateIndex
CREATE INDEX "Assessment_repositoryId_idx" ON "Assessment"("repositoryId");

-- CreateIndex
CREATE INDEX "Assessment_postureResourceId_idx" ON "Assessment"("postureResourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_recommendationId_repositoryId_key" ON "Assessment"("recommendationId", "repositoryId");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_recommendationId_postureResourceId_key" ON "Assessment"("recommendationId", "postureResourceId");

-- CreateIndex
CREATE INDEX "Exemption_expiresAt_idx" ON "Exemption"("expiresAt") WHERE ("expiresAt" IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Exemption_recommendationId_repositoryId_key" ON "Exemption"("recommendationId", "repositoryId");

-- CreateIndex
CREATE UNIQUE INDEX "Exemption_recommendationId_postureResourceId_key" ON "Exemption"("recommendationId", "postureResourceId");

-- CreateIndex
CREATE INDEX "Finding_state_type_severity_id_idx" ON "Finding"("state", "type", "severity", "id");

-- CreateIndex
CREATE INDEX "Repository_riskScore_id_idx" ON "Repository"("riskScore" DESC, "id");

-- AddForeignKey
ALTER TABLE "PostureResource" ADD CONSTRAINT "PostureResource_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_postureResourceId_fkey" FOREIGN KEY ("postureResourceId") REFERENCES "PostureResource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_postureResourceId_fkey" FOREIGN KEY ("postureResourceId") REFERENCES "PostureResource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationRollup" ADD CONSTRAINT "RecommendationRollup_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorRollup" ADD CONSTRAINT "ConnectorRollup_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyRollup" ADD CONSTRAINT "DailyRollup_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (data): each repository's weighted risk and remediation figures, then every
-- connector's rollup and today's trend point, as lib/server/findings/finding-counts.ts keeps them.
UPDATE "Repository" SET "riskScore" = 10 * "findingsCritical" + 5 * "findingsHigh" + 2 * "findingsMedium" + "findingsLow";

UPDATE "Repository" r SET
  "remediatedCritical" = f.rc, "remediatedHigh" = f.rh, "remediatedMedium" = f.rm, "remediatedLow" = f.rl,
  "remediationSecondsCritical" = f.sc, "remediationSecondsHigh" = f.sh, "remediationSecondsMedium" = f.sm, "remediationSecondsLow" = f.sl
FROM (
  SELECT "repositoryId",
    count(*) FILTER (WHERE severity = 'CRITICAL')::int AS rc, count(*) FILTER (WHERE severity = 'HIGH')::int AS rh,
    count(*) FILTER (WHERE severity = 'MEDIUM')::int AS rm, count(*) FILTER (WHERE severity = 'LOW')::int AS rl,
    coalesce(sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE severity = 'CRITICAL'), 0) AS sc,
    coalesce(sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE severity = 'HIGH'), 0) AS sh,
    coalesce(sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE severity = 'MEDIUM'), 0) AS sm,
    coalesce(sum(extract(epoch FROM "fixedAt" - "firstSeenAt")) FILTER (WHERE severity = 'LOW'), 0) AS sl
  FROM "Finding" WHERE state = 'FIXED' AND "fixedAt" IS NOT NULL GROUP BY "repositoryId"
) f WHERE f."repositoryId" = r.id;

INSERT INTO "ConnectorRollup" ("connectorId", repositories, "advancedSecurityOn", "findingsOpen", "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow",
  "findingsCode", "findingsSecrets", "findingsDependency", "findingsIac", "findingsContainer",
  "remediatedCritical", "remediatedHigh", "remediatedMedium", "remediatedLow",
  "remediationSecondsCritical", "remediationSecondsHigh", "remediationSecondsMedium", "remediationSecondsLow")
SELECT c.id, count(r.id)::int, (count(r.id) FILTER (WHERE r."advancedSecurity" = 'ON'))::int,
  coalesce(sum(r."findingsOpen"), 0)::int, coalesce(sum(r."findingsCritical"), 0)::int, coalesce(sum(r."findingsHigh"), 0)::int,
  coalesce(sum(r."findingsMedium"), 0)::int, coalesce(sum(r."findingsLow"), 0)::int, coalesce(sum(r."findingsCode"), 0)::int,
  coalesce(sum(r."findingsSecrets"), 0)::int, coalesce(sum(r."findingsDependency"), 0)::int, coalesce(sum(r."findingsIac"), 0)::int,
  coalesce(sum(r."findingsContainer"), 0)::int,
  coalesce(sum(r."remediatedCritical"), 0)::int, coalesce(sum(r."remediatedHigh"), 0)::int, coalesce(sum(r."remediatedMedium"), 0)::int,
  coalesce(sum(r."remediatedLow"), 0)::int,
  coalesce(sum(r."remediationSecondsCritical"), 0), coalesce(sum(r."remediationSecondsHigh"), 0),
  coalesce(sum(r."remediationSecondsMedium"), 0), coalesce(sum(r."remediationSecondsLow"), 0)
FROM "Connector" c LEFT JOIN "Repository" r ON r."connectorId" = c.id AND r."removedAt" IS NULL
GROUP BY c.id;

INSERT INTO "DailyRollup" ("connectorId", day, critical, high, medium, low)
SELECT "connectorId", CURRENT_DATE, "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow" FROM "ConnectorRollup";
