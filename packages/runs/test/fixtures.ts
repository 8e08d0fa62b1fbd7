import type { PrismaClient } from "@headstart/db";
import { parseRunConfig, type RunConfig } from "../src/config.ts";

export interface Fixture {
  teamId: string;
  datasetId: string;
  versionId: string;
}

let counter = 0;

/** A team with a binary dataset and one frozen (empty) version to pin runs to. */
export async function createFixture(db: PrismaClient): Promise<Fixture> {
  counter += 1;
  const team = await db.team.create({ data: { name: `Team ${counter}`, slug: `team-${counter}-${Date.now()}` } });
  const dataset = await db.dataset.create({ data: { teamId: team.id, name: "shoes", task: "BINARY" } });
  const version = await db.datasetVersion.create({
    data: {
      datasetId: dataset.id,
      number: 1,
      imageCount: 0,
      snapshot: { labels: ["sneaker", "ankle_boot"], images: [] },
    },
  });
  return { teamId: team.id, datasetId: dataset.id, versionId: version.id };
}

export const smallConfig: RunConfig = parseRunConfig({ epochs: 2, inputSize: 96, seed: 1 });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
