-- CreateIndex
CREATE INDEX "Repository_inventory_count_idx" ON "Repository"("connectorId", "removedAt", "provider", "advancedSecurity", "prAnnotations", "findingsCritical", "findingsHigh", "findingsMedium", "findingsLow", "findingsCode", "findingsSecrets", "findingsDependency", "findingsIac", "findingsContainer");
