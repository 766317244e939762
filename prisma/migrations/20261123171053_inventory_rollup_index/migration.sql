-- DropIndex
DROP INDEX "Repository_connectorId_organizationName_projectPath_idx";

-- DropIndex
DROP INDEX "Repository_inventory_count_idx";

-- CreateIndex
CREATE INDEX "Repository_inventory_rollup_idx" ON "Repository"("connectorId", "removedAt", "organizationName", "projectPath", "provider", "advancedSecurity", "prAnnotations", "findingsOpen", "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow", "findingsCode", "findingsSecrets", "findingsDependency", "findingsIac", "findingsContainer");
