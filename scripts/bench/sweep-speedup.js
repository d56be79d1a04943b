// The sweep's speed-up: the same seed runs one after another (--jobs 1) and on every core (--jobs N), and the seed
// spread they give. Usage: node sweep-speedup.js EPOCHS SEEDS. Prints one JSON document.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const [epochs = '10', seeds = '8'] = process.argv.slice(2);
const repo = fileURLToPath(new URL('../..', import.meta.url));

function sweep(jobs) {
  const args = [
    'apps/cli/bin/fmnist.js',
    'sweep',
    '--seeds',
    `1-${seeds}`,
    '--epochs',
    epochs,
    '--jobs',
    String(jobs),
  ];
  const started = performance.now();
  const result = spawnSync(process.execPath, [...args, '--json', '--quiet'], { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`fmnist sweep --jobs ${jobs}: exit ${result.status}: ${result.stderr.trim()}`);
  return { seconds: (performance.now() - started) / 1000, report: JSON.parse(result.stdout) };
}

const jobs = availableParallelism();
const sequential = sweep(1);
const parallel = sweep(jobs);
const [row] = parallel.report.summaries;
console.log(
  JSON.stringify({
    runs: Number(seeds),
    epochs: Number(epochs),
    jobs,
    sequentialSeconds: sequential.seconds,
    parallelSeconds: parallel.seconds,
    ratio: parallel.seconds / sequential.seconds,
    testAccuracy: row.testAccuracy,
    sameResults: sequential.report.runs.every(
      (run, i) => run.testAccuracy === parallel.report.runs[i]?.testAccuracy,
    ),
  }),
);
