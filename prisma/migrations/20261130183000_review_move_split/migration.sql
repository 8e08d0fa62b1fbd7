-- Review decisions can move an image to another split (a lasso on the embedding
-- map, issue 13), with the split it had so the move can be undone.
ALTER TYPE "ReviewAction" ADD VALUE 'MOVE_SPLIT';

ALTER TABLE "ReviewDecision" ADD COLUMN "newSplit" "Split",
ADD COLUMN "previousSplit" "Split";
