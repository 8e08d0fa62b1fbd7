"use client";
// The dataset's images as a virtualised thumbnail grid, filtered by label,
// split and exclusion, with a detail panel for relabelling (one click or a
// number key), moving between splits and excluding.
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import { VirtualGrid } from "@/components/VirtualGrid.tsx";
import type { DatasetImagesQuery, ImageFilter, Split, Task } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";

const DatasetImagesDocument = graphql(`
  query DatasetImages($id: ID!, $first: Int!, $after: String, $filter: ImageFilter) {
    dataset(id: $id) {
      id
      images(first: $first, after: $after, filter: $filter) {
        edges {
          node {
            id
            thumbnailUrl
            labels
            split
            excluded
            originalName
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  }
`);

const ImageDetailQuery = graphql(`
  query ImageDetail($id: ID!) {
    image(id: $id) {
      id
      url
      width
      height
      byteSize
      mime
      originalName
      createdAt
      labelChanges(first: 20) {
        edges {
          node {
            id
            from
            to
            reason
            createdAt
            user {
              email
            }
          }
        }
      }
    }
  }
`);

const RelabelImageMutation = graphql(`
  mutation RelabelImage($input: RelabelImageInput!) {
    relabelImage(input: $input) {
      id
      labels
    }
  }
`);

const MoveImageMutation = graphql(`
  mutation MoveImage($input: MoveImageInput!) {
    moveImage(input: $input) {
      id
      split
    }
  }
`);

const SetImageExcludedMutation = graphql(`
  mutation SetImageExcluded($input: SetImageExcludedInput!) {
    setImageExcluded(input: $input) {
      id
      excluded
    }
  }
`);

type GridImage = DatasetImagesQuery["dataset"]["images"]["edges"][number]["node"];

const PAGE = 100;
const SPLITS: Split[] = ["TRAIN", "VAL", "TEST"];

function ImageDetail({
  image,
  labels,
  task,
  canEdit,
  onChange,
}: {
  image: GridImage;
  labels: string[];
  task: Task;
  canEdit: boolean;
  onChange(patch: Partial<GridImage>): void;
}) {
  const [detail, refetchDetail] = useQuery({
    query: ImageDetailQuery,
    variables: { id: image.id },
    requestPolicy: "cache-and-network",
  });
  const [relabelState, relabel] = useMutation(RelabelImageMutation);
  const [moveState, move] = useMutation(MoveImageMutation);
  const [excludeState, setExcluded] = useMutation(SetImageExcludedMutation);
  const error = relabelState.error ?? moveState.error ?? excludeState.error;
  const busy = relabelState.fetching || moveState.fetching || excludeState.fetching;

  const applyLabels = async (next: string[]) => {
    const res = await relabel({ input: { imageId: image.id, labels: next } });
    if (res.data) {
      onChange({ labels: res.data.relabelImage.labels });
      refetchDetail({ requestPolicy: "network-only" });
    }
  };
  const d = detail.data?.image;

  return (
    <aside className="card stack" aria-label="Selected image" data-testid="image-detail">
      <div className="thumb" style={{ aspectRatio: "auto", maxHeight: 320 }}>
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={d?.url ?? image.thumbnailUrl}
          alt={image.originalName ?? "selected image"}
          style={{ objectFit: "contain", maxHeight: 320 }}
        />
      </div>
      <div className="small muted">
        {image.originalName ?? image.id}
        {d ? ` · ${d.width}×${d.height} · ${d.mime.replace("image/", "")} · ${(d.byteSize / 1024).toFixed(0)} KB` : ""}
      </div>
      <fieldset className="plain">
        <legend className="small muted">
          Label{" "}
          {canEdit ? <span>(click, or press {labels.length <= 9 ? `1–${labels.length}` : "a number"})</span> : null}
        </legend>
        <div className="row">
          {labels.map((l, i) => {
            const on = image.labels.includes(l);
            return (
              <button
                key={l}
                type="button"
                className="small"
                aria-pressed={on}
                disabled={!canEdit || busy}
                onClick={() => {
                  if (task === "MULTILABEL")
                    void applyLabels(on ? image.labels.filter((x) => x !== l) : [...image.labels, l]);
                  else if (!on) void applyLabels([l]);
                }}
              >
                {i < 9 ? <span className="kbd">{i + 1}</span> : null} {l}
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="row">
        <label className="field">
          Split
          <select
            value={image.split}
            disabled={!canEdit || busy}
            onChange={async (e) => {
              const res = await move({ input: { imageId: image.id, split: e.target.value as Split } });
              if (res.data) onChange({ split: res.data.moveImage.split });
            }}
          >
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="check" style={{ alignSelf: "flex-end" }}>
          <input
            type="checkbox"
            checked={image.excluded}
            disabled={!canEdit || busy}
            onChange={async (e) => {
              const res = await setExcluded({ input: { imageId: image.id, excluded: e.target.checked } });
              if (res.data) onChange({ excluded: res.data.setImageExcluded.excluded });
            }}
          />
          Excluded from new versions
        </label>
      </div>
      {error ? (
        <p className="notice error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
      <div>
        <h3>History</h3>
        {!d ? (
          <Loading lines={1} />
        ) : d.labelChanges.edges.length === 0 ? (
          <p className="small muted">Never relabelled.</p>
        ) : (
          <ul className="small" style={{ paddingLeft: 18, margin: 0 }} data-testid="label-history">
            {d.labelChanges.edges.map(({ node: c }) => (
              <li key={c.id}>
                {c.from.join(", ") || "none"} → <strong>{c.to.join(", ")}</strong> by{" "}
                {c.user?.email ?? "a deleted account"}, {new Date(c.createdAt).toLocaleString()}
                {c.reason ? ` (${c.reason})` : ""}
              </li>
            ))}
          </ul>
        )}
      </div>
    </aside>
  );
}

export function ImageBrowser({
  datasetId,
  labels,
  task,
  canEdit,
  revision,
  onChanged,
}: {
  datasetId: string;
  labels: string[];
  task: Task;
  canEdit: boolean;
  revision: number;
  onChanged(): void;
}) {
  const client = useClient();
  const [filter, setFilter] = useState<ImageFilter>({});
  const [items, setItems] = useState<GridImage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const loadingRef = useRef(false);
  const generation = useRef(0);

  const load = useCallback(
    async (after: string | null, reset: boolean) => {
      if (loadingRef.current && !reset) return;
      // urql shares an identical query already in flight: a reload asked for while one runs (uploads
      // finishing one after another) would get that older answer and miss the last images.
      const overlapped = loadingRef.current;
      loadingRef.current = true;
      const mine = ++generation.current;
      setLoading(true);
      const res = await client
        .query(DatasetImagesDocument, { id: datasetId, first: PAGE, after, filter }, { requestPolicy: "network-only" })
        .toPromise();
      // A newer filter superseded this request while it was in flight.
      if (mine !== generation.current) return;
      loadingRef.current = false;
      // So ask once more now that nothing is in flight (that request cannot overlap again).
      if (overlapped) {
        void load(after, reset);
        return;
      }
      setLoading(false);
      if (res.error || !res.data) {
        setError(res.error ?? new Error("No data"));
        return;
      }
      setError(null);
      const page = res.data.dataset.images;
      setItems((old) => (reset ? page.edges.map((e) => e.node) : [...old, ...page.edges.map((e) => e.node)]));
      setCursor(page.pageInfo.endCursor ?? null);
      setHasMore(page.pageInfo.hasNextPage);
    },
    [client, datasetId, filter],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the parent's "reload now" signal (bumped after uploads and splits); the effect must re-run when it changes although it reads nothing from it.
  useEffect(() => {
    setSelected(null);
    void load(null, true);
  }, [load, revision]);

  const patch = (index: number, change: Partial<GridImage>) => {
    setItems((all) => all.map((it, i) => (i === index ? { ...it, ...change } : it)));
    onChanged();
  };

  const relabelSelected = async (label: string) => {
    if (selected === null || !canEdit || task === "MULTILABEL") return;
    const image = items[selected];
    if (image.labels.length === 1 && image.labels[0] === label) return;
    const res = await client
      .mutation(RelabelImageMutation, { input: { imageId: image.id, labels: [label] } })
      .toPromise();
    if (res.data) patch(selected, { labels: res.data.relabelImage.labels });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (items.length === 0) return;
    const columns = Math.max(1, Math.floor((e.currentTarget.clientWidth + 8) / (128 + 8)));
    const current = selected ?? -1;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    if (e.key in moves) {
      e.preventDefault();
      setSelected(Math.min(items.length - 1, Math.max(0, current + moves[e.key])));
    } else if (/^[1-9]$/.test(e.key) && Number(e.key) <= labels.length) {
      e.preventDefault();
      void relabelSelected(labels[Number(e.key) - 1]);
    } else if (e.key === "Escape") {
      setSelected(null);
    }
  };

  return (
    <section className="card" aria-labelledby="images-heading">
      <div className="row" style={{ marginBottom: 10 }}>
        <h2 id="images-heading" style={{ margin: 0 }}>
          Images
        </h2>
        <span className="spacer" />
        <label className="row small" style={{ fontWeight: 400 }}>
          Label
          <select
            value={filter.label ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, label: e.target.value || null }))}
            data-testid="filter-label"
          >
            <option value="">all</option>
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="row small" style={{ fontWeight: 400 }}>
          Split
          <select
            value={filter.split ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, split: (e.target.value || null) as Split | null }))}
            data-testid="filter-split"
          >
            <option value="">all</option>
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="row small" style={{ fontWeight: 400 }}>
          Show
          <select
            value={filter.excluded === undefined || filter.excluded === null ? "" : String(filter.excluded)}
            onChange={(e) =>
              setFilter((f) => ({ ...f, excluded: e.target.value === "" ? null : e.target.value === "true" }))
            }
          >
            <option value="">all</option>
            <option value="false">included</option>
            <option value="true">excluded</option>
          </select>
        </label>
      </div>
      {error ? (
        <ErrorState error={error} title="Cannot load the images" retry={() => void load(null, true)} />
      ) : items.length === 0 && loading ? (
        <Loading label="Loading images…" />
      ) : items.length === 0 ? (
        <p className="empty">
          {Object.values(filter).some((v) => v !== null && v !== undefined)
            ? "No images match these filters."
            : "No images yet. Drop some in the panel above."}
        </p>
      ) : (
        <div className={selected === null ? undefined : "with-detail"}>
          <div>
            <VirtualGrid
              items={items}
              itemKey={(img) => img.id}
              hasMore={hasMore}
              onNeedMore={() => void load(cursor, false)}
              label="Dataset images"
              onKeyDown={onKeyDown}
              focusIndex={selected}
              renderItem={(img, index) => (
                <button
                  type="button"
                  className={`thumb${index === selected ? " selected" : ""}`}
                  style={{ padding: 0, width: "100%", height: "100%", opacity: img.excluded ? 0.45 : 1 }}
                  onClick={() => setSelected(index)}
                  aria-label={`${img.originalName ?? "image"}: ${img.labels.join(", ")}, ${img.split.toLowerCase()}${img.excluded ? ", excluded" : ""}`}
                  aria-pressed={index === selected}
                  tabIndex={-1}
                  data-testid="dataset-image"
                >
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={img.thumbnailUrl} alt="" loading="lazy" decoding="async" />
                  <span className="caption">
                    <span>{img.labels.join(", ")}</span>
                    <span>{img.split.toLowerCase()}</span>
                  </span>
                </button>
              )}
            />
            <p className="small muted" style={{ margin: "6px 0 0" }}>
              {items.length}
              {hasMore ? "+" : ""} images · click one, or focus the grid and use the arrow keys;{" "}
              {canEdit && task !== "MULTILABEL" ? "number keys relabel the selected image." : ""}
            </p>
          </div>
          {selected !== null && items[selected] ? (
            <ImageDetail
              key={items[selected].id}
              image={items[selected]}
              labels={labels}
              task={task}
              canEdit={canEdit}
              onChange={(change) => patch(selected, change)}
            />
          ) : null}
        </div>
      )}
    </section>
  );
}
