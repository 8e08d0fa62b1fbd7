-- The data loop (issue 13).
-- Label-issue ranking per training prediction: the rank (1 = most suspicious)
-- and whether it falls within the recommended flag cut. The score column keeps
-- its name and now holds 1 - label quality for every ranked training image.
ALTER TABLE "Prediction" ADD COLUMN "labelIssueRank" INTEGER,
ADD COLUMN "labelIssueFlagged" BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX "Prediction_runId_givenLabel_labelIssueRank_idx" ON "Prediction"("runId", "givenLabel", "labelIssueRank");

-- Undo of a review decision: what it changed, when it was undone, and the batch
-- (bulk action) it belongs to.
ALTER TABLE "ReviewDecision" ADD COLUMN "previousLabels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "previousExcluded" BOOLEAN,
ADD COLUMN "undoneAt" TIMESTAMP(3),
ADD COLUMN "batchId" UUID;
