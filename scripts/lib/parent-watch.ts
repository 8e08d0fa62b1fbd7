// `npm start` runs scripts/start.ts through `sh -c`. A SIGTERM to npm itself (docker stop, pm2, a
// script's `kill $!`) ends npm and that shell but never reaches start.ts: the whole stack (Postgres,
// API, trainers, web) ran on, orphaned, holding its ports. Losing the parent is a stop signal too.
// (A Ctrl-C reaches every process of the terminal's group, start.ts included, and needs none of this.)

/**
 * Calls `onLost` once, with the old parent's pid, when this process's parent exits (the process is
 * then re-parented, so process.ppid changes).
 */
export function watchParent(onLost: (parentPid: number) => void, intervalMs = 1000): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onLost(parent);
  }, intervalMs);
  // Watching alone must not keep the process alive.
  timer.unref();
}
