-- CreateIndex
CREATE INDEX "Repository_search_scan_idx" ON "Repository"("searchKey", "nameKey", "id") WHERE ("removedAt" IS NULL);
