-- The unlabeled pool's suggestions (issue 13): one per image, from a finished run.
-- runId has no foreign key: suggestions outlive a deleted run until replaced.
CREATE TABLE "LabelSuggestion" (
    "imageId" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "suggestedLabel" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "margin" DOUBLE PRECISION NOT NULL,
    "entropy" DOUBLE PRECISION NOT NULL,
    "probabilities" DOUBLE PRECISION[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelSuggestion_pkey" PRIMARY KEY ("imageId")
);

CREATE INDEX "LabelSuggestion_datasetId_margin_idx" ON "LabelSuggestion"("datasetId", "margin");

ALTER TABLE "LabelSuggestion" ADD CONSTRAINT "LabelSuggestion_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;
