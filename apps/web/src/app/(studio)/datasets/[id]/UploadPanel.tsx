"use client";
// Drag-and-drop upload, one request per file so each gets its own progress
// bar and its own verdict (stored, duplicate, or rejected with the reason),
// plus zip import of a class-per-folder tree.
import { type DragEvent, useRef, useState } from "react";
import { ProgressBar } from "@/components/States.tsx";
import type { Task } from "@/gql/graphql.ts";
import {
  imageUploadForm,
  runLimited,
  UploadError,
  type UploadReport,
  uploadForm,
  zipUploadForm,
} from "@/lib/upload.ts";

type FileStatus = "queued" | "uploading" | "stored" | "duplicate" | "rejected" | "failed";

interface FileRow {
  key: string;
  name: string;
  loaded: number;
  total: number;
  status: FileStatus;
  reason?: string;
}

const STATUS_TEXT: Record<FileStatus, string> = {
  queued: "waiting",
  uploading: "uploading",
  stored: "stored",
  duplicate: "already in the dataset",
  rejected: "rejected",
  failed: "failed",
};

const PARALLEL_UPLOADS = 3;

function verdict(report: UploadReport): Pick<FileRow, "status" | "reason"> {
  if (report.rejected.length > 0) return { status: "rejected", reason: report.rejected[0].message };
  if (report.duplicates.length > 0) return { status: "duplicate" };
  return { status: "stored" };
}

/** The label select's choice for the unlabeled pool (not a label name: those cannot start with a dot). */
const UNLABELED = ".unlabeled";

export function UploadPanel({
  datasetId,
  labels,
  task,
  onUploaded,
}: {
  datasetId: string;
  labels: string[];
  task: Task;
  onUploaded(): void;
}) {
  const [chosen, setChosen] = useState<string[]>(labels.slice(0, 1));
  const [split, setSplit] = useState("");
  const [rows, setRows] = useState<FileRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [zipMessage, setZipMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const multi = task === "MULTILABEL";

  const update = (key: string, patch: Partial<FileRow>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const uploadFiles = async (files: File[]) => {
    if (files.length === 0 || chosen.length === 0) return;
    const batch = files.map((file, i) => ({ file, key: `${Date.now()}-${i}-${file.name}` }));
    setRows((all) => [
      ...batch.map(({ file, key }) => ({
        key,
        name: file.name,
        loaded: 0,
        total: file.size,
        status: "queued" as const,
      })),
      ...all,
    ]);
    setBusy(true);
    await runLimited(
      batch.map(({ file, key }) => async () => {
        update(key, { status: "uploading" });
        try {
          const report = await uploadForm(
            `/upload/datasets/${datasetId}/images`,
            chosen[0] === UNLABELED
              ? imageUploadForm(file, [], split || null, true)
              : imageUploadForm(file, chosen, split || null),
            (loaded, total) => update(key, { loaded, total }),
          );
          update(key, { ...verdict(report), loaded: file.size, total: file.size });
        } catch (error) {
          update(key, { status: "failed", reason: error instanceof Error ? error.message : String(error) });
        }
      }),
      PARALLEL_UPLOADS,
    );
    setBusy(false);
    onUploaded();
  };

  const uploadZip = async (file: File) => {
    setZipMessage(null);
    const key = `zip-${Date.now()}`;
    setRows((all) => [{ key, name: file.name, loaded: 0, total: file.size, status: "uploading" }, ...all]);
    setBusy(true);
    try {
      const report = await uploadForm(
        `/upload/datasets/${datasetId}/zip`,
        zipUploadForm(file, null, null),
        (loaded, total) => update(key, { loaded, total }),
      );
      update(key, {
        status: report.rejected.length > 0 && report.stored.length === 0 ? "rejected" : "stored",
        loaded: file.size,
      });
      const rejected = report.rejected.map((r) => `${r.name}: ${r.message}`);
      setZipMessage({
        tone: rejected.length > 0 ? "error" : "ok",
        text:
          `${report.stored.length} stored, ${report.duplicates.length} already present, ${report.rejected.length} rejected` +
          (report.layout === "SINGLE_ROOT" ? " (new images were split 80/10/10)." : ".") +
          (rejected.length > 0
            ? ` ${rejected.slice(0, 5).join(" · ")}${rejected.length > 5 ? ` · and ${rejected.length - 5} more` : ""}`
            : ""),
      });
    } catch (error) {
      const message = error instanceof UploadError || error instanceof Error ? error.message : String(error);
      update(key, { status: "failed", reason: message });
    }
    setBusy(false);
    onUploaded();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    const zips = files.filter((f) => /\.zip$/i.test(f.name));
    if (zips.length > 0) void uploadZip(zips[0]);
    void uploadFiles(files.filter((f) => !/\.zip$/i.test(f.name)));
  };

  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Add images</h2>
      <div className="row" style={{ marginBottom: 10 }}>
        {multi ? (
          <fieldset className="row" style={{ padding: "0.3rem 0.6rem" }}>
            <legend className="small">Labels</legend>
            {labels.map((l) => (
              <label key={l} className="check small">
                <input
                  type="checkbox"
                  checked={chosen.includes(l)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, l] : c.filter((x) => x !== l)))}
                />
                {l}
              </label>
            ))}
          </fieldset>
        ) : (
          <label className="field">
            Label
            <select value={chosen[0] ?? ""} onChange={(e) => setChosen([e.target.value])} data-testid="upload-label">
              {labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
              <option value={UNLABELED}>no label yet (label queue)</option>
            </select>
          </label>
        )}
        <label className="field">
          Split
          <select value={split} onChange={(e) => setSplit(e.target.value)} data-testid="upload-split">
            <option value="">train (re-split later)</option>
            <option value="TRAIN">train</option>
            <option value="VAL">validation</option>
            <option value="TEST">test</option>
          </select>
        </label>
      </div>
      {/* A labelled region: dropping is the mouse path, the two buttons inside are the keyboard one. */}
      <section
        className={`dropzone${dragging ? " active" : ""}`}
        aria-label="Drop images or a zip here"
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p style={{ margin: 0 }}>
          Drop images here (JPEG, PNG, WebP, GIF), or{" "}
          <button
            type="button"
            className="small"
            onClick={() => fileInput.current?.click()}
            disabled={chosen.length === 0}
          >
            choose files
          </button>
        </p>
        <p className="small" style={{ margin: "6px 0 0" }}>
          A zip with one folder per label (train/… and val/… folders are kept) imports labels and splits too:{" "}
          <button type="button" className="small" onClick={() => zipInput.current?.click()}>
            import a zip
          </button>
        </p>
        <input
          ref={fileInput}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            void uploadFiles([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
        <input
          ref={zipInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="zip-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void uploadZip(file);
            e.target.value = "";
          }}
        />
      </section>
      {zipMessage ? (
        <p className={`notice${zipMessage.tone === "error" ? " warn" : ""}`} role="status" style={{ marginTop: 10 }}>
          {zipMessage.text}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p
            className="small muted"
            role="status"
            aria-live="polite"
            style={{ margin: "10px 0 0" }}
            data-testid="upload-summary"
          >
            {busy ? "Uploading… " : ""}
            {(["stored", "duplicate", "rejected", "failed"] as const)
              .filter((s) => counts[s])
              .map((s) => `${counts[s]} ${STATUS_TEXT[s]}`)
              .join(" · ")}
          </p>
          <ul className="upload-list" data-testid="upload-list">
            {rows.slice(0, 200).map((r) => (
              <li key={r.key} data-status={r.status}>
                <span
                  className="mono"
                  style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                  title={r.name}
                >
                  {r.name}
                </span>
                <ProgressBar
                  value={r.loaded}
                  max={r.total || 1}
                  label={`${r.name}: ${STATUS_TEXT[r.status]}`}
                  tone={r.status === "rejected" || r.status === "failed" ? "error" : undefined}
                />
                <span className="small muted">{STATUS_TEXT[r.status]}</span>
                {r.reason ? <span className="reason">{r.reason}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
