"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { errorMessage } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";

const SplitDatasetMutation = graphql(`
  mutation SplitDataset($input: SplitDatasetInput!) {
    splitDataset(input: $input) {
      id
    }
  }
`);

export function SplitPanel({ datasetId, onSplit }: { datasetId: string; onSplit(): void }) {
  const [train, setTrain] = useState("80");
  const [val, setVal] = useState("10");
  const [test, setTest] = useState("10");
  const [seed, setSeed] = useState("0");
  const [state, split] = useMutation(SplitDatasetMutation);
  const [done, setDone] = useState(false);
  const numbers = [train, val, test, seed].map(Number);
  const valid =
    numbers.slice(0, 3).every((n) => Number.isFinite(n) && n >= 0) &&
    numbers.slice(0, 3).some((n) => n > 0) &&
    Number.isInteger(numbers[3]);

  return (
    <section className="card" aria-labelledby="split-heading">
      <h2 id="split-heading">Split</h2>
      <p className="small muted">
        Re-assign every image to train, validation and test, keeping each label&apos;s share the same in every split.
        The same seed always gives the same split; frozen versions keep theirs.
      </p>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setDone(false);
          const res = await split({
            input: { datasetId, seed: numbers[3], ratios: { train: numbers[0], val: numbers[1], test: numbers[2] } },
          });
          if (!res.error) {
            setDone(true);
            onSplit();
          }
        }}
      >
        <div className="row">
          {(
            [
              ["Train", train, setTrain],
              ["Validation", val, setVal],
              ["Test", test, setTest],
              ["Seed", seed, setSeed],
            ] as const
          ).map(([label, value, set]) => (
            <label key={label} className="field" style={{ width: 96 }}>
              {label}
              <input type="number" min={0} value={value} onChange={(e) => set(e.target.value)} />
            </label>
          ))}
        </div>
        {state.error ? (
          <p className="notice error" role="alert">
            {errorMessage(state.error)}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" disabled={!valid || state.fetching}>
            {state.fetching ? "Splitting…" : "Re-split images"}
          </button>
          {done ? (
            <span className="small muted" role="status">
              Split updated.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
