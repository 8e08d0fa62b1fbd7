"use client";
// The team's datasets as cards: name, task, labels, and a bar of images per split.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Field } from "@/components/Field.tsx";
import { SplitBar } from "@/components/SplitBar.tsx";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { Task } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { parseLabelList } from "@/lib/labels.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";
import { SampleDatasets } from "./SampleDatasets.tsx";

const TeamDatasetsQuery = graphql(`
  query TeamDatasets($teamId: ID!) {
    team(id: $teamId) {
      id
      datasets(first: 50) {
        edges {
          node {
            id
            name
            task
            updatedAt
            labels {
              name
            }
            stats {
              excluded
              images {
                total
                train
                val
                test
              }
            }
          }
        }
      }
    }
  }
`);

const CreateDatasetMutation = graphql(`
  mutation CreateDataset($input: CreateDatasetInput!) {
    createDataset(input: $input) {
      id
    }
  }
`);

const TASK_HELP: Record<Task, string> = {
  BINARY: "Two labels; every image is one of them.",
  MULTICLASS: "Several labels; every image is exactly one.",
  MULTILABEL: "Any number of labels per image.",
};

function CreateDatasetForm({ teamId, onCancel }: { teamId: string; onCancel(): void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [task, setTask] = useState<Task>("BINARY");
  const [labels, setLabels] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [state, create] = useMutation(CreateDatasetMutation);
  return (
    <form
      className="card stack"
      style={{ marginBottom: "1rem" }}
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = parseLabelList(labels, task);
        if (!parsed.ok) {
          setLocalError(parsed.error);
          return;
        }
        setLocalError(null);
        const res = await create({ input: { teamId, name: name.trim(), task, labels: parsed.labels } });
        if (res.data) router.push(`/datasets/${res.data.createDataset.id}`);
      }}
    >
      <h2>New dataset</h2>
      <div className="form-grid">
        <Field label="Name">
          {(props) => (
            <input
              {...props}
              type="text"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
            />
          )}
        </Field>
        <Field label="Task" help={TASK_HELP[task]}>
          {(props) => (
            <select {...props} value={task} onChange={(e) => setTask(e.target.value as Task)}>
              <option value="BINARY">Binary</option>
              <option value="MULTICLASS">Multiclass</option>
              <option value="MULTILABEL">Multilabel</option>
            </select>
          )}
        </Field>
        <Field label="Labels" help="Comma separated, in class order.">
          {(props) => (
            <input
              {...props}
              type="text"
              required
              placeholder="sneaker, ankle_boot"
              value={labels}
              onChange={(e) => setLabels(e.target.value)}
            />
          )}
        </Field>
      </div>
      {localError || state.error ? (
        <p className="notice error" role="alert">
          {localError ?? errorMessage(state.error!)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={state.fetching}>
          Create dataset
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export default function DatasetsPage() {
  const { team } = useStudio();
  const [result, refetch] = useQuery({ query: TeamDatasetsQuery, variables: { teamId: team.id } });
  const [creating, setCreating] = useState(false);
  const [pickingSample, setPickingSample] = useState(false);
  const canEdit = hasRole(team, "EDITOR");
  const datasets = result.data?.team.datasets.edges.map((e) => e.node) ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Datasets</h1>
          <p>Labelled images of {team.name}. Freeze a version of one to train on it.</p>
        </div>
        {canEdit && !creating ? (
          <div className="row">
            {/* The empty state offers it already, as the first thing to do. */}
            {!pickingSample && datasets.length > 0 ? (
              <button type="button" onClick={() => setPickingSample(true)}>
                Load sample dataset
              </button>
            ) : null}
            <button
              type="button"
              className="primary"
              onClick={() => {
                setCreating(true);
                setPickingSample(false);
              }}
            >
              New dataset
            </button>
          </div>
        ) : null}
      </div>
      {creating ? <CreateDatasetForm teamId={team.id} onCancel={() => setCreating(false)} /> : null}
      {pickingSample && !creating ? (
        <section className="stack" style={{ marginBottom: "1rem" }} aria-labelledby="samples-heading">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <div>
              <h2 id="samples-heading" style={{ marginBottom: 2 }}>
                Sample datasets
              </h2>
              <p className="small muted" style={{ margin: 0 }}>
                Labelled images shipped with Headstart, split and frozen as version 1, so you can start a run right
                away.
              </p>
            </div>
            <button type="button" className="small" onClick={() => setPickingSample(false)}>
              Close
            </button>
          </div>
          <SampleDatasets teamId={team.id} />
        </section>
      ) : null}
      {result.error && !result.data ? (
        <ErrorState
          error={result.error}
          title="Cannot load the datasets"
          retry={() => refetch({ requestPolicy: "network-only" })}
        />
      ) : !result.data ? (
        <Loading />
      ) : datasets.length === 0 ? (
        creating || pickingSample ? null : (
          <Empty
            title="No datasets yet"
            action={
              canEdit ? (
                <div className="row" style={{ justifyContent: "center" }}>
                  <button type="button" className="primary" onClick={() => setPickingSample(true)}>
                    Load sample dataset
                  </button>
                  <button type="button" onClick={() => setCreating(true)}>
                    Create your first dataset
                  </button>
                </div>
              ) : (
                <p>Ask an editor of {team.name} to create one.</p>
              )
            }
          >
            A dataset is a set of labelled images, for example two folders of product photos. New here? Load a sample
            (Fashion-MNIST images, labelled and ready to train) and have a model in a few minutes. Or create your own
            and upload files or a zip of one folder per label.
          </Empty>
        )
      ) : (
        <div className="card-list" data-testid="dataset-list">
          {datasets.map((d) => (
            <Link key={d.id} href={`/datasets/${d.id}`} className="card card-link">
              <h2 style={{ marginBottom: 2 }}>{d.name}</h2>
              <p className="small muted">
                {d.task.toLowerCase()} · {d.labels.map((l) => l.name).join(", ")}
              </p>
              <SplitBar train={d.stats.images.train} val={d.stats.images.val} test={d.stats.images.test} />
              <p className="small muted" style={{ margin: "6px 0 0" }}>
                {d.stats.images.total} images{d.stats.excluded ? ` · ${d.stats.excluded} excluded` : ""}
              </p>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
