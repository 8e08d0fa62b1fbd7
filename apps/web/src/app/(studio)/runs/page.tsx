"use client";
// The team's runs, live: statuses, epochs and accuracy move as trainers report,
// through one teamRunsUpdated subscription. Pick two or more to compare.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useClient, useQuery, useSubscription } from "urql";
import { Sparkline } from "@/components/Sparkline.tsx";
import { Empty, ErrorState, Loading } from "@/components/States.tsx";
import type { RunOrder, RunStatus, TeamRunsQuery as TeamRunsResult } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { bestEpoch } from "@/lib/chart-data.ts";
import { applyRunUpdate, type LiveRun, type RunUpdateEvent } from "@/lib/run-live.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const TeamRunsQuery = graphql(`
  query TeamRuns($teamId: ID!, $orderBy: RunOrder, $filter: RunFilter, $after: String) {
    runs(teamId: $teamId, first: 25, after: $after, orderBy: $orderBy, filter: $filter) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          name
          status
          attempt
          error
          cancelRequested
          createdAt
          currentEpoch
          plannedEpochs
          dataset {
            id
            name
          }
          version {
            number
          }
          config {
            fineTuneBlocks
            epochs
          }
          epochs {
            epoch
            phase
            loss
            acc
            valAcc
          }
        }
      }
    }
  }
`);

const TeamRunsUpdatedSubscription = graphql(`
  subscription TeamRunsUpdated($teamId: ID!) {
    teamRunsUpdated(teamId: $teamId) {
      kind
      runId
      status
      attempt
      cancelRequested
      error
      currentEpoch
      epoch {
        epoch
        phase
        loss
        acc
        valLoss
        valAcc
      }
    }
  }
`);

const STATUSES: RunStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

export default function RunsPage() {
  const router = useRouter();
  const { team } = useStudio();
  const [orderBy, setOrderBy] = useState<RunOrder>("CREATED_AT");
  const [status, setStatus] = useState<RunStatus | "">("");
  const [result, refetch] = useQuery({
    query: TeamRunsQuery,
    variables: { teamId: team.id, orderBy, filter: status ? { status } : null },
  });
  const [overlay, setOverlay] = useState<Record<string, LiveRun>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const client = useClient();
  // Older pages, appended by "Show older runs" (the first page stays live through the query).
  // They belong to one listing (team, order, status filter): a change of any
  // of those drops them during render, without an effect and a stale frame.
  const listing = `${team.id}|${orderBy}|${status}`;
  const [olderPages, setOlder] = useState<{
    listing: string;
    runs: TeamRunsResult["runs"]["edges"][number]["node"][];
    cursor: string | null;
    hasMore: boolean;
  } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const older = olderPages?.listing === listing ? olderPages : null;
  const runs = useMemo(
    () => [...(result.data?.runs.edges.map((e) => e.node) ?? []), ...(older?.runs ?? [])],
    [result.data, older],
  );
  const nextCursor = older ? older.cursor : (result.data?.runs.pageInfo.endCursor ?? null);
  const hasMore = older ? older.hasMore : (result.data?.runs.pageInfo.hasNextPage ?? false);
  const loadOlder = async () => {
    setLoadingOlder(true);
    const res = await client
      .query(
        TeamRunsQuery,
        { teamId: team.id, orderBy, filter: status ? { status } : null, after: nextCursor },
        { requestPolicy: "network-only" },
      )
      .toPromise();
    setLoadingOlder(false);
    if (!res.data) return;
    const page = res.data.runs;
    setOlder((o) => ({
      listing,
      runs: [...(o?.listing === listing ? o.runs : []), ...page.edges.map((e) => e.node)],
      cursor: page.pageInfo.endCursor ?? null,
      hasMore: page.pageInfo.hasNextPage,
    }));
  };

  useSubscription({ query: TeamRunsUpdatedSubscription, variables: { teamId: team.id } }, (_prev, data) => {
    const update = data.teamRunsUpdated;
    const known = runs.find((r) => r.id === update.runId);
    if (!known) {
      // A run this page has not seen (created elsewhere): reload the list.
      if (update.kind !== "PROGRESS") refetch({ requestPolicy: "network-only" });
      return data;
    }
    setOverlay((all) => {
      const base: LiveRun = all[update.runId] ?? {
        status: known.status,
        currentEpoch: known.currentEpoch,
        epochs: known.epochs,
        progress: null,
        error: known.error ?? null,
        attempt: known.attempt,
        cancelRequested: known.cancelRequested,
      };
      return { ...all, [update.runId]: applyRunUpdate(base, update as RunUpdateEvent) };
    });
    return data;
  });

  const view = runs.map((r) => {
    const o = overlay[r.id];
    return {
      ...r,
      status: o?.status ?? r.status,
      currentEpoch: o?.currentEpoch ?? r.currentEpoch,
      epochs: o?.epochs ?? r.epochs,
      error: o?.error ?? r.error,
    };
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Runs</h1>
          <p>Every training run of {team.name}; running ones update as they train.</p>
        </div>
        <div className="row">
          {selected.length >= 2 ? (
            <button
              type="button"
              onClick={() => router.push(`/compare?ids=${selected.join(",")}`)}
              data-testid="compare-selected"
            >
              Compare {selected.length} runs
            </button>
          ) : null}
          {hasRole(team, "EDITOR") ? (
            <Link className="button primary" href="/runs/new">
              New run
            </Link>
          ) : null}
        </div>
      </div>
      <div className="row" style={{ marginBottom: 12 }}>
        <label className="row small" style={{ fontWeight: 400 }}>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as RunStatus | "")}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="row small" style={{ fontWeight: 400 }}>
          Sort by
          <select value={orderBy} onChange={(e) => setOrderBy(e.target.value as RunOrder)}>
            <option value="CREATED_AT">newest</option>
            <option value="VAL_ACCURACY">validation accuracy</option>
          </select>
        </label>
      </div>
      {result.error && !result.data ? (
        <ErrorState
          error={result.error}
          title="Cannot load the runs"
          retry={() => refetch({ requestPolicy: "network-only" })}
        />
      ) : !result.data ? (
        <Loading />
      ) : view.length === 0 ? (
        <Empty
          title={status ? `No ${status.toLowerCase()} runs` : "No runs yet"}
          action={
            hasRole(team, "EDITOR") && !status ? (
              <Link className="button primary" href="/runs/new">
                Start a run
              </Link>
            ) : null
          }
        >
          {status ? null : "A run trains a classifier on a frozen dataset version and shows its curves live."}
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table data-testid="run-list">
            <thead>
              <tr>
                <th aria-label="Select for comparison" />
                <th>Run</th>
                <th>Status</th>
                <th>Progress</th>
                <th className="num">Best val accuracy</th>
                <th>Val accuracy by epoch</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {view.map((r) => {
                const best = bestEpoch(r.epochs);
                return (
                  <tr key={r.id} data-run-id={r.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare ${r.name ?? r.dataset.name}`}
                        checked={selected.includes(r.id)}
                        onChange={(e) =>
                          setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))
                        }
                      />
                    </td>
                    <td>
                      <Link href={`/runs/${r.id}`}>{r.name ?? `${r.dataset.name} v${r.version.number}`}</Link>
                      <div className="small muted">
                        {r.dataset.name} v{r.version.number} · {r.config.fineTuneBlocks > 0 ? "fine-tuned" : "frozen"}
                      </div>
                    </td>
                    <td>
                      <span className={`badge ${r.status}`}>{r.status.toLowerCase()}</span>
                      {r.status === "FAILED" && r.error ? (
                        <div className="small muted" style={{ whiteSpace: "normal", maxWidth: 240 }}>
                          {r.error}
                        </div>
                      ) : null}
                    </td>
                    <td className="tabular small">
                      epoch {r.currentEpoch} / {r.plannedEpochs}
                    </td>
                    <td className="num">
                      {best?.valAcc === null || best?.valAcc === undefined ? "–" : `${(best.valAcc * 100).toFixed(1)}%`}
                    </td>
                    <td>
                      <Sparkline
                        values={r.epochs.map((e) => e.valAcc)}
                        max={1}
                        label={`Validation accuracy over ${r.epochs.length} epochs`}
                      />
                    </td>
                    <td className="small muted">{new Date(r.createdAt).toLocaleString()}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {hasMore ? (
            <div style={{ marginTop: 10 }}>
              <button type="button" onClick={() => void loadOlder()} disabled={loadingOlder}>
                {loadingOlder ? "Loading…" : "Show older runs"}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
