"use client";
// New run: pick a dataset version, keep or adjust the reference recipe, start.
// The form owns the values, validation and submission; each fieldset is a
// section component (DataFieldset owns the dataset and version fragments).
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { inputSizeHelp, suggestInputSize } from "@/lib/input-size.ts";
import {
  DEFAULT_RUN_FORM,
  type RunFormErrors,
  type RunFormField,
  type RunFormValues,
  validateRunForm,
} from "@/lib/run-form.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";
import { AugmentationFieldset } from "./AugmentationFieldset.tsx";
import { DataFieldset } from "./DataFieldset.tsx";
import { ModelFieldset } from "./ModelFieldset.tsx";
import { MoreSettings } from "./MoreSettings.tsx";
import { RecommendedRun } from "./RecommendedRun.tsx";
import { TrainingFieldset } from "./TrainingFieldset.tsx";

const NewRunDatasetsQuery = graphql(`
  query NewRunDatasets($teamId: ID!) {
    team(id: $teamId) {
      id
      datasets(first: 100) {
        edges {
          node {
            id
            ...DatasetOptionFields
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
            ...VersionOptionFields
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

function NewRunForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { team } = useStudio();
  const [result, refetch] = useQuery({ query: NewRunDatasetsQuery, variables: { teamId: team.id } });
  const [createState, createRun] = useMutation(CreateRunMutation);
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
  const detail = versionsResult.data?.dataset.id === dataset?.id ? versionsResult.data?.dataset : undefined;
  const versions = [...(detail?.versions.edges.map((e) => e.node) ?? [])].reverse();
  const version = versions.find((v) => v.id === versionId) ?? versions[0];
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

  const set = <K extends RunFormField>(field: K, value: RunFormValues[K]) => {
    if (field === "inputSize") setInputSizeEdited(true);
    setValues((v) => ({ ...v, [field]: value }));
  };
  const recipe = { values, errors, set };

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
      <DataFieldset
        {...recipe}
        datasets={datasets}
        datasetId={dataset?.id}
        onDataset={(id) => {
          setDatasetId(id);
          setVersionId("");
        }}
        versions={versions}
        versionId={version?.id}
        onVersion={setVersionId}
        loadingVersions={versionsResult.fetching}
        onFrozen={(id) => {
          setVersionId(id);
          refetchVersions({ requestPolicy: "network-only" });
        }}
      />
      {version ? <RecommendedRun versionId={version.id} name={values.name} /> : null}
      <h2>Or set every knob yourself</h2>
      <TrainingFieldset {...recipe} />
      <AugmentationFieldset {...recipe} />
      <ModelFieldset {...recipe} inputSizeHelp={inputSizeHelp(suggestion)} />
      <MoreSettings {...recipe} />

      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          Fix the highlighted settings: {Object.keys(errors).join(", ")}.
        </p>
      ) : null}
      {createState.error ? (
        <p className="notice error" role="alert">
          {errorMessage(createState.error)}
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
          Reference: frozen MobileNet, 10 epochs
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
            Start with the recommendation measured on your data, or let an AUTO run search for you within a time budget.
            The knobs below hold the reference recipe (a frozen MobileNet with a small head); the input size follows the
            chosen dataset's images.
          </p>
        </div>
      </div>
      <Suspense fallback={<Loading />}>
        <NewRunForm />
      </Suspense>
    </>
  );
}
