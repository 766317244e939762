-- Trigram matching for the inventory's free-text search (a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "AdvancedSecurityStatus" AS ENUM ('ON', 'OFF', 'PARTIAL', 'NOT_AVAILABLE');

-- CreateEnum
CREATE TYPE "PrAnnotationStatus" AS ENUM ('ON', 'OFF', 'NOT_AVAILABLE');

-- CreateEnum
CREATE TYPE "DiscoveryState" AS ENUM ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED');

-- CreateTable
CREATE TABLE "Repository" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "provider" "DevOpsProvider" NOT NULL,
    "externalId" TEXT NOT NULL,
    "organizationExternalId" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL,
    "projectPath" TEXT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL DEFAULT '',
    "fullName" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "cloneUrl" TEXT,
    "defaultBranch" TEXT,
    "visibility" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "sizeKb" INTEGER,
    "lastPushAt" TIMESTAMP(3),
    "advancedSecurity" "AdvancedSecurityStatus" NOT NULL DEFAULT 'NOT_AVAILABLE',
    "advancedSecurityOff" TEXT[],
    "prAnnotations" "PrAnnotationStatus" NOT NULL DEFAULT 'NOT_AVAILABLE',
    "inScanScope" BOOLEAN NOT NULL DEFAULT true,
    "foundAfterOnboarding" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryRun" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "state" "DiscoveryState" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "added" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "DiscoveryRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Repository_connectorId_removedAt_idx" ON "Repository"("connectorId", "removedAt");

-- CreateIndex
CREATE INDEX "Repository_nameKey_id_idx" ON "Repository"("nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_provider_nameKey_id_idx" ON "Repository"("provider", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_advancedSecurity_nameKey_id_idx" ON "Repository"("advancedSecurity", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_prAnnotations_nameKey_id_idx" ON "Repository"("prAnnotations", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_organizationName_nameKey_id_idx" ON "Repository"("organizationName", "nameKey", "id");

-- CreateIndex
CREATE INDEX "Repository_fullName_trgm_idx" ON "Repository" USING GIN ("fullName" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Repository_connectorId_externalId_key" ON "Repository"("connectorId", "externalId");

-- CreateIndex
CREATE INDEX "DiscoveryRun_connectorId_startedAt_idx" ON "DiscoveryRun"("connectorId", "startedAt" DESC);

-- AddForeignKey
ALTER TABLE "Repository" ADD CONSTRAINT "Repository_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscoveryRun" ADD CONSTRAINT "DiscoveryRun_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;
