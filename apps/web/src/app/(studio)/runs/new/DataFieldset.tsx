"use client";
// Which data the run trains on: the dataset, one of its frozen versions (or
// freezing the first one right here), and the run's name.
import { useMutation } from "urql";
import { Field } from "@/components/Field.tsx";
import { errorMessage } from "@/components/States.tsx";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import { Knob, type RecipeProps } from "./RunKnob.tsx";

const DatasetOptionFields = graphql(`
  fragment DatasetOptionFields on Dataset {
    id
    name
    stats {
      images {
        total
      }
    }
  }
`);

const VersionOptionFields = graphql(`
  fragment VersionOptionFields on DatasetVersion {
    id
    number
    note
    imageCount
  }
`);

const FreezeFirstVersionMutation = graphql(`
  mutation FreezeFirstVersion($input: FreezeDatasetVersionInput!) {
    freezeDatasetVersion(input: $input) {
      id
      number
    }
  }
`);

export function DataFieldset({
  datasets: datasetRefs,
  datasetId,
  onDataset,
  versions: versionRefs,
  versionId,
  onVersion,
  loadingVersions,
  onFrozen,
  values,
  errors,
  set,
}: RecipeProps & {
  datasets: readonly FragmentType<typeof DatasetOptionFields>[];
  datasetId: string | undefined;
  onDataset(id: string): void;
  /** Newest first. */
  versions: readonly FragmentType<typeof VersionOptionFields>[];
  versionId: string | undefined;
  onVersion(id: string): void;
  loadingVersions: boolean;
  /** A version was frozen here: choose it and reload the list. */
  onFrozen(versionId: string): void;
}) {
  const datasets = getFragmentData(DatasetOptionFields, datasetRefs);
  const versions = getFragmentData(VersionOptionFields, versionRefs);
  const [freezeState, freeze] = useMutation(FreezeFirstVersionMutation);
  return (
    <fieldset>
      <legend>Data</legend>
      <div className="form-grid">
        <Field label="Dataset">
          {(control) => (
            <select
              {...control}
              value={datasetId ?? ""}
              onChange={(e) => onDataset(e.target.value)}
              data-testid="run-dataset"
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.stats.images.total} images)
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Version" help="Runs train on a frozen version, so later edits never change what this run saw.">
          {(control) =>
            loadingVersions && versions.length === 0 ? (
              <span className="small muted">Loading versions…</span>
            ) : versions.length > 0 ? (
              <select
                {...control}
                value={versionId ?? ""}
                onChange={(e) => onVersion(e.target.value)}
                data-testid="run-version"
              >
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    v{v.number} · {v.imageCount} images{v.note ? ` · ${v.note}` : ""}
                  </option>
                ))}
              </select>
            ) : (
              <span className="row">
                <span className="small muted">No frozen version yet.</span>
                <button
                  {...control}
                  type="button"
                  className="small"
                  disabled={freezeState.fetching || !datasetId}
                  onClick={async () => {
                    if (!datasetId) return;
                    const res = await freeze({ input: { datasetId, note: "Frozen to start a run" } });
                    if (res.data) onFrozen(res.data.freezeDatasetVersion.id);
                  }}
                >
                  Freeze the current images
                </button>
              </span>
            )
          }
        </Field>
        <Knob field="name" label="Run name" errors={errors}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={values.name}
              onChange={(e) => set("name", e.target.value)}
              maxLength={120}
            />
          )}
        </Knob>
      </div>
      {freezeState.error ? (
        <p className="notice error" role="alert">
          {errorMessage(freezeState.error)}
        </p>
      ) : null}
    </fieldset>
  );
}
