"use client";
// New run: pick a dataset version, keep or adjust the reference recipe, start.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, Suspense, useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Field, type FieldControlProps } from "@/components/Field.tsx";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { Optimizer } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { inputSizeHelp, suggestInputSize } from "@/lib/input-size.ts";
import {
  DEFAULT_RUN_FORM,
  KNOB_HELP,
  type RunFormErrors,
  type RunFormField,
  type RunFormValues,
  validateRunForm,
} from "@/lib/run-form.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const NewRunDatasetsQuery = graphql(`
  query NewRunDatasets($teamId: ID!) {
    team(id: $teamId) {
      id
      datasets(first: 100) {
        edges {
          node {
            id
            name
            task
            stats {
              images {
                total
              }
            }
          }
        }
      }
    }
  }
`);

// Versions of the chosen dataset only: asking for every dataset's versions at
// once would exceed the API's query-complexity limit on a busy team. A few
// images' dimensions come along to suggest the input size.
const NewRunVersionsQuery = graphql(`
  query NewRunVersions($datasetId: ID!) {
    dataset(id: $datasetId) {
      id
      images(first: 25) {
        edges {
          node {
            id
            width
            height
          }
        }
      }
      versions(last: 30) {
        edges {
          node {
            id
            number
            note
            imageCount
          }
        }
      }
    }
  }
`);

const CreateRunMutation = graphql(`
  mutation CreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
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

function Knob({
  field,
  label,
  errors,
  help,
  children,
}: {
  field: RunFormField;
  label: string;
  errors: RunFormErrors;
  help?: string;
  children(props: FieldControlProps): ReactNode;
}) {
  return (
    <Field label={label} help={help ?? KNOB_HELP[field]} error={errors[field]}>
      {children}
    </Field>
  );
}

function NewRunForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { team } = useStudio();
  const [result, refetch] = useQuery({ query: NewRunDatasetsQuery, variables: { teamId: team.id } });
  const [createState, createRun] = useMutation(CreateRunMutation);
  const [freezeState, freeze] = useMutation(FreezeFirstVersionMutation);
  const [datasetId, setDatasetId] = useState(params.get("dataset") ?? "");
  const [versionId, setVersionId] = useState(params.get("version") ?? "");
  const [values, setValues] = useState<RunFormValues>({ ...DEFAULT_RUN_FORM });
  const [errors, setErrors] = useState<RunFormErrors>({});

  const datasets = result.data?.team.datasets.edges.map((e) => e.node) ?? [];
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
  const [versionsResult, refetchVersions] = useQuery({
    query: NewRunVersionsQuery,
    variables: { datasetId: dataset?.id ?? "" },
    pause: !dataset,
  });
  const versions = [
    ...(versionsResult.data?.dataset.id === dataset?.id
      ? (versionsResult.data?.dataset.versions.edges.map((e) => e.node) ?? [])
      : []),
  ].reverse();
  const version = versions.find((v) => v.id === versionId) ?? versions[0];
  const detail = versionsResult.data?.dataset.id === dataset?.id ? versionsResult.data?.dataset : undefined;
  const suggestion = useMemo(
    () => (detail ? suggestInputSize(detail.images.edges.map((e) => e.node)) : null),
    [detail],
  );
  // The suggestion follows the chosen dataset until the person types a size.
  const [inputSizeEdited, setInputSizeEdited] = useState(false);
  const suggestedSize = suggestion ? String(suggestion.size) : null;
  useEffect(() => {
    if (suggestedSize && !inputSizeEdited)
      setValues((v) => (v.inputSize === suggestedSize ? v : { ...v, inputSize: suggestedSize }));
  }, [suggestedSize, inputSizeEdited]);

  useEffect(() => {
    if (dataset && dataset.id !== datasetId) setDatasetId(dataset.id);
  }, [dataset, datasetId]);

  const set = <K extends RunFormField>(field: K, value: RunFormValues[K]) =>
    setValues((v) => ({ ...v, [field]: value }));
  const text =
    (field: RunFormField, options: { inputMode?: "numeric" | "decimal"; placeholder?: string } = {}) =>
    (control: FieldControlProps) => (
      <input
        {...control}
        type="text"
        inputMode={options.inputMode ?? "decimal"}
        placeholder={options.placeholder}
        value={String(values[field])}
        onChange={(e) => {
          if (field === "inputSize") setInputSizeEdited(true);
          set(field, e.target.value as never);
        }}
        data-testid={`knob-${field}`}
      />
    );

  if (!hasRole(team, "EDITOR")) {
    return <Empty title="Editors start runs">Ask an owner or admin of {team.name} to make you an editor.</Empty>;
  }
  if (result.error && !result.data)
    return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!result.data) return <Loading lines={6} />;
  if (datasets.length === 0) {
    return (
      <Empty
        title="No dataset to train on"
        action={
          <Link className="button primary" href="/datasets">
            Go to datasets
          </Link>
        }
      >
        Create a dataset and add labelled images first.
      </Empty>
    );
  }

  const tuning = Number(values.fineTuneBlocks) > 0;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const checked = validateRunForm(values);
        if (!checked.ok) {
          setErrors(checked.errors);
          document.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
          return;
        }
        setErrors({});
        if (!version) return;
        const res = await createRun({ input: { versionId: version.id, name: checked.name, config: checked.config } });
        if (res.data) router.push(`/runs/${res.data.createRun.id}`);
      }}
    >
      <fieldset>
        <legend>Data</legend>
        <div className="form-grid">
          <label className="field">
            Dataset
            <select
              value={dataset?.id ?? ""}
              onChange={(e) => {
                setDatasetId(e.target.value);
                setVersionId("");
              }}
              data-testid="run-dataset"
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.stats.images.total} images)
                </option>
              ))}
            </select>
          </label>
          <Field label="Version" help="Runs train on a frozen version, so later edits never change what this run saw.">
            {(control) =>
              versionsResult.fetching && versions.length === 0 ? (
                <span className="small muted">Loading versions…</span>
              ) : versions.length > 0 ? (
                <select
                  {...control}
                  value={version?.id ?? ""}
                  onChange={(e) => setVersionId(e.target.value)}
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
                    disabled={freezeState.fetching || !dataset}
                    onClick={async () => {
                      const res = await freeze({ input: { datasetId: dataset!.id, note: "Frozen to start a run" } });
                      if (res.data) {
                        setVersionId(res.data.freezeDatasetVersion.id);
                        refetchVersions({ requestPolicy: "network-only" });
                      }
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
      </fieldset>

      <fieldset>
        <legend>Training</legend>
        <div className="form-grid">
          <Knob field="epochs" label="Epochs" errors={errors}>
            {text("epochs", { inputMode: "numeric" })}
          </Knob>
          <Knob field="batchSize" label="Batch size" errors={errors}>
            {text("batchSize", { inputMode: "numeric" })}
          </Knob>
          <Knob field="learningRate" label="Learning rate" errors={errors}>
            {text("learningRate")}
          </Knob>
          <Knob field="optimizer" label="Optimizer" errors={errors}>
            {(control) => (
              <select
                {...control}
                value={values.optimizer}
                onChange={(e) => set("optimizer", e.target.value as Optimizer)}
              >
                <option value="ADAM">Adam</option>
                <option value="RMSPROP">RMSprop</option>
                <option value="SGD">SGD</option>
              </select>
            )}
          </Knob>
        </div>
      </fieldset>

      <fieldset>
        <legend>Augmentation</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={values.augment}
            onChange={(e) => set("augment", e.target.checked)}
            data-testid="knob-augment"
          />
          Augment training images
        </label>
        <p className="help small muted">{KNOB_HELP.augment}</p>
        {values.augment ? (
          <div className="form-grid">
            <Knob field="rotation" label="Rotation (degrees)" errors={errors}>
              {text("rotation")}
            </Knob>
            <Knob field="shift" label="Shift" errors={errors}>
              {text("shift")}
            </Knob>
            <Knob field="zoom" label="Zoom" errors={errors}>
              {text("zoom")}
            </Knob>
            <label className="field">
              <span className="check">
                <input
                  type="checkbox"
                  checked={values.horizontalFlip}
                  onChange={(e) => set("horizontalFlip", e.target.checked)}
                />
                Horizontal flip
              </span>
              <span className="help">{KNOB_HELP.horizontalFlip}</span>
            </label>
            <Knob field="variants" label="Augmented variants per image" errors={errors}>
              {text("variants", { inputMode: "numeric" })}
            </Knob>
          </div>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Model</legend>
        <div className="form-grid">
          <Knob field="inputSize" label="Input size (px)" errors={errors} help={inputSizeHelp(suggestion)}>
            {text("inputSize", { inputMode: "numeric" })}
          </Knob>
          <Knob field="headUnits" label="Head units" errors={errors}>
            {text("headUnits", { inputMode: "numeric" })}
          </Knob>
          <Knob field="dropout" label="Dropout" errors={errors}>
            {text("dropout")}
          </Knob>
          <Knob field="fineTuneBlocks" label="Fine-tune blocks" errors={errors}>
            {text("fineTuneBlocks", { inputMode: "numeric" })}
          </Knob>
          {tuning ? (
            <>
              <Knob field="fineTuneEpochs" label="Fine-tune epochs" errors={errors}>
                {text("fineTuneEpochs", { inputMode: "numeric" })}
              </Knob>
              <Knob field="fineTuneLearningRate" label="Fine-tune learning rate" errors={errors}>
                {text("fineTuneLearningRate")}
              </Knob>
            </>
          ) : null}
        </div>
      </fieldset>

      <details>
        <summary style={{ cursor: "pointer", fontWeight: 600 }}>More settings</summary>
        <div className="form-grid" style={{ marginTop: 12 }}>
          <Knob field="earlyStoppingPatience" label="Early-stopping patience" errors={errors}>
            {text("earlyStoppingPatience", { inputMode: "numeric", placeholder: "off" })}
          </Knob>
          <Knob field="threshold" label="Withholding threshold" errors={errors}>
            {text("threshold")}
          </Knob>
          <Knob field="seed" label="Seed" errors={errors}>
            {text("seed", { inputMode: "numeric", placeholder: "random" })}
          </Knob>
        </div>
      </details>

      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          Fix the highlighted settings: {Object.keys(errors).join(", ")}.
        </p>
      ) : null}
      {createState.error || freezeState.error ? (
        <p className="notice error" role="alert">
          {errorMessage((createState.error ?? freezeState.error)!)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={createState.fetching || !version}>
          {createState.fetching ? "Starting…" : "Start training"}
        </button>
        <button
          type="button"
          onClick={() => {
            setValues({ ...DEFAULT_RUN_FORM, inputSize: suggestedSize ?? DEFAULT_RUN_FORM.inputSize });
            setInputSizeEdited(false);
            setErrors({});
          }}
        >
          Reset to the reference recipe
        </button>
      </div>
    </form>
  );
}

export default function NewRunPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>New run</h1>
          <p>
            The defaults are the reference recipe: a frozen MobileNet with a small head. They work well on a few hundred
            images. The input size follows the chosen dataset's images.
          </p>
        </div>
      </div>
      <Suspense fallback={<Loading />}>
        <NewRunForm />
      </Suspense>
    </>
  );
}
