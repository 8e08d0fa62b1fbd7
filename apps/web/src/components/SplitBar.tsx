// Images per split as one stacked bar: the balance is visible at a glance.
export function SplitBar({ train, val, test }: { train: number; val: number; test: number }) {
  const total = train + val + test;
  const parts = [
    { key: "train", value: train, color: "var(--series-1)" },
    { key: "val", value: val, color: "var(--series-2)" },
    { key: "test", value: test, color: "var(--series-3)" },
  ];
  return (
    <div>
      <div
        className="progress"
        role="img"
        aria-label={`${train} train, ${val} validation, ${test} test images`}
        style={{ display: "flex", height: 10 }}
      >
        {total === 0
          ? null
          : parts.map((p) => <div key={p.key} style={{ width: `${(p.value / total) * 100}%`, background: p.color }} />)}
      </div>
      <div className="legend" style={{ marginTop: 4 }}>
        {parts.map((p) => (
          <span key={p.key}>
            <span className="swatch" style={{ color: p.color, borderTopWidth: 6 }} />
            {p.key} {p.value}
          </span>
        ))}
      </div>
    </div>
  );
}
