-- Issue 12 (autopilot). The search trials of an AUTO run are runs of their own
-- whose parentRunId names the AUTO run, which keeps the search summary (trial
-- table, winner and why). Deleting the parent deletes its trials.
-- (No apostrophes or semicolons in these comments: the migration runner splits
-- scripts without knowing about comments.)
ALTER TABLE "Run" ADD COLUMN "parentRunId" UUID;
ALTER TABLE "Run" ADD COLUMN "autoSummary" JSONB;
CREATE INDEX "Run_parentRunId_createdAt_idx" ON "Run"("parentRunId", "createdAt");
ALTER TABLE "Run" ADD CONSTRAINT "Run_parentRunId_fkey" FOREIGN KEY ("parentRunId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The measured answer of recommendRunConfig per frozen dataset version (a
-- version never changes, so it is computed once).
CREATE TABLE "ConfigRecommendation" (
    "versionId" UUID NOT NULL,
    "result" JSONB NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigRecommendation_pkey" PRIMARY KEY ("versionId")
);
ALTER TABLE "ConfigRecommendation" ADD CONSTRAINT "ConfigRecommendation_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
