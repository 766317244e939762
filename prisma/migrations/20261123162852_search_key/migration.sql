-- DropIndex
DROP INDEX "Repository_fullName_trgm_idx";

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- Existing rows: their search key.
UPDATE "Repository" SET "searchKey" = lower("fullName");

-- CreateIndex
CREATE INDEX "Repository_searchKey_trgm_idx" ON "Repository" USING GIN ("searchKey" gin_trgm_ops);
