"use client";
// Runs side by side: what differs in their settings, their headline figures,
// and their validation curves overlaid.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { useQuery } from "urql";
import { type ChartSeries, LineChart } from "@/components/LineChart.tsx";
import { Empty, ErrorState, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { useStudio } from "@/lib/team-context.tsx";

const CompareRunsQuery = graphql(`
  query CompareRuns($ids: [ID!]!) {
    compareRuns(ids: $ids) {
      sameFields
      configDifferences {
        field
        values
      }
      figures {
        runId
        epochs
        seconds
        bestValAccuracy
        valAccuracy
        testAccuracy
        lastValLoss
      }
      runs {
        id
        name
        status
        plannedEpochs
        dataset {
          name
        }
        version {
          number
        }
        epochs {
          epoch
          phase
          loss
          acc
          valLoss
          valAcc
        }
      }
    }
  }
`);

const PickRunsQuery = graphql(`
  query PickRuns($teamId: ID!) {
    runs(teamId: $teamId, first: 50) {
      edges {
        node {
          id
          name
          status
          createdAt
          dataset {
            name
          }
          version {
            number
          }
        }
      }
    }
  }
`);

const PALETTE = ["var(--series-1)", "var(--series-2)", "var(--series-3)", "var(--series-4)", "var(--series-5)"];
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);

function RunPicker({ initial }: { initial: string[] }) {
  const router = useRouter();
  const { team } = useStudio();
  const [result] = useQuery({ query: PickRunsQuery, variables: { teamId: team.id } });
  const [chosen, setChosen] = useState<string[]>(initial);
  if (result.error) return <ErrorState error={result.error} />;
  if (!result.data) return <Loading />;
  const runs = result.data.runs.edges.map((e) => e.node);
  if (runs.length < 2) return <Empty title="Two runs needed">Start at least two runs to compare them.</Empty>;
  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(`/compare?ids=${chosen.join(",")}`);
      }}
    >
      <p className="muted" style={{ margin: 0 }}>
        Choose 2 to 10 runs.
      </p>
      <div className="stack" style={{ gap: 4 }}>
        {runs.map((r) => (
          <label key={r.id} className="check" style={{ fontWeight: 400 }}>
            <input
              type="checkbox"
              checked={chosen.includes(r.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))}
            />
            {r.name ?? `${r.dataset.name} v${r.version.number}`}{" "}
            <span className={`badge ${r.status}`}>{r.status.toLowerCase()}</span>{" "}
            <span className="small muted">{new Date(r.createdAt).toLocaleString()}</span>
          </label>
        ))}
      </div>
      <div>
        <button type="submit" className="primary" disabled={chosen.length < 2 || chosen.length > 10}>
          Compare
        </button>
      </div>
    </form>
  );
}

function Comparison({ ids }: { ids: string[] }) {
  const [result, refetch] = useQuery({ query: CompareRunsQuery, variables: { ids } });
  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  const { runs, figures, configDifferences, sameFields } = result.data.compareRuns;
  const name = (r: (typeof runs)[number]) => r.name ?? `${r.dataset.name} v${r.version.number}`;
  const color = (i: number) => PALETTE[i % PALETTE.length];
  const planned = Math.max(...runs.map((r) => r.plannedEpochs));
  const curves = (pick: "valAcc" | "valLoss"): ChartSeries[] =>
    runs.map((r, i) => ({
      key: r.id,
      label: name(r),
      color: color(i),
      points: r.epochs.map((e) => ({
        x: e.epoch,
        y: typeof e[pick] === "number" && Number.isFinite(e[pick]) ? (e[pick] as number) : null,
      })),
    }));

  return (
    <div className="stack">
      <div className="grid-2">
        <section className="card">
          <LineChart
            title="Validation accuracy"
            kind="accuracy"
            plannedEpochs={planned}
            series={curves("valAcc")}
            testId="compare-accuracy"
          />
        </section>
        <section className="card">
          <LineChart
            title="Validation loss"
            kind="loss"
            plannedEpochs={planned}
            series={curves("valLoss")}
            testId="compare-loss"
          />
        </section>
      </div>
      <section className="card table-wrap">
        <h2>Figures</h2>
        <table data-testid="compare-figures">
          <thead>
            <tr>
              <th>Run</th>
              <th className="num">Val accuracy</th>
              <th className="num">Best val accuracy</th>
              <th className="num">Test accuracy</th>
              <th className="num">Last val loss</th>
              <th className="num">Epochs</th>
              <th className="num">Training time</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => {
              const f = figures.find((x) => x.runId === r.id);
              return (
                <tr key={r.id}>
                  <td>
                    <span className="legend" style={{ color: color(i), display: "inline" }}>
                      <span className="swatch" />
                    </span>
                    <Link href={`/runs/${r.id}`}>{name(r)}</Link>{" "}
                    <span className={`badge ${r.status}`}>{r.status.toLowerCase()}</span>
                  </td>
                  <td className="num">{pct(f?.valAccuracy)}</td>
                  <td className="num">{pct(f?.bestValAccuracy)}</td>
                  <td className="num">{pct(f?.testAccuracy)}</td>
                  <td className="num">
                    {f?.lastValLoss === null || f?.lastValLoss === undefined ? "–" : f.lastValLoss.toFixed(3)}
                  </td>
                  <td className="num">{f?.epochs ?? 0}</td>
                  <td className="num">{f ? `${f.seconds.toFixed(0)} s` : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card table-wrap">
        <h2>Settings that differ</h2>
        {configDifferences.length === 0 ? (
          <p className="muted">The runs share every setting{sameFields.length ? "" : ""}.</p>
        ) : (
          <table data-testid="config-diff">
            <thead>
              <tr>
                <th>Setting</th>
                {runs.map((r, i) => (
                  <th key={r.id} style={{ color: color(i) }}>
                    {name(r)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {configDifferences.map((d) => (
                <tr key={d.field}>
                  <td className="mono">{d.field}</td>
                  {d.values.map((v, i) => (
                    <td key={runs[i]?.id ?? i} className="mono">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {sameFields.length > 0 ? (
          <p className="small muted" style={{ marginTop: 8 }}>
            Shared: {sameFields.join(", ")}.
          </p>
        ) : null}
      </section>
    </div>
  );
}

function ComparePageBody() {
  const params = useSearchParams();
  const ids = (params.get("ids") ?? "").split(",").filter(Boolean);
  return ids.length >= 2 ? <Comparison ids={ids} /> : <RunPicker initial={ids} />;
}

export default function ComparePage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Compare runs</h1>
          <p>Which settings made the difference, and how the curves diverged.</p>
        </div>
        <Link className="button" href="/compare">
          Choose runs
        </Link>
      </div>
      <Suspense fallback={<Loading />}>
        <ComparePageBody />
      </Suspense>
    </>
  );
}
