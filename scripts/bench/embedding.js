// Embedding @fmnist/model, as measured by the smoke test from the packed tarballs: for each bundler's example page,
// the requests and bytes on the wire until its first prediction in headless Chromium and how long after navigation
// that prediction came; and the embed-server load test (requests/s, p50/p99, errors, memory before and after).
// Usage: node embedding.js [REQUESTS]. Runs `scripts/smoke/pack-install.mjs` (its own output goes to stderr) and
// prints one JSON document: its report plus the load average around it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const requests = Number(process.argv[2] ?? 100_000);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fmnist-embed-'));
const report = join(scratch, 'report.json');
const before = loadavg()[0];
const smoke = spawnSync(
  process.execPath,
  ['scripts/smoke/pack-install.mjs', '--report', report, '--load-requests', String(requests)],
  { cwd: repo, stdio: ['ignore', process.stderr, process.stderr] },
);
if (smoke.status !== 0) {
  console.error(`embedding: the smoke test failed (exit ${smoke.status})`);
  process.exit(1);
}
const measured = JSON.parse(readFileSync(report, 'utf8'));
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify({ ...measured, loadAverage: { before, after: loadavg()[0] } }));
