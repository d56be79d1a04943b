// The benchmark: every figure of docs/performance.md, measured in one run, one thing after another.
//   npm run bench [-- --epochs N] [-- --no-readme] [-- --only training,threads,sweep,cold-start,kernels,classify,pictures,embedding]
// The report is a list of sections; each runs its measurements (scripts under scripts/bench/, each printing one
// JSON document) and renders Markdown. The console shows exactly what replaces the benchmark block of docs/performance.md.
// Ratios compare measurements of this run only: the machines are shared and noisy, absolute times are not stable.
// To add a section, write its script under scripts/bench/ and add an entry to SECTIONS.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fashionMnistFiles } from '@fmnist/dataset';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const epochs = Number(args[args.indexOf('--epochs') + 1] ?? 10) || 10;
// --only a,b runs just those sections (and never writes the README, which needs them all).
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;
const writeReadme = !args.includes('--no-readme') && only === undefined;
const scratch = mkdtempSync(join(tmpdir(), 'fmnist-bench-'));
const dataDir = fileURLToPath(new URL('.', fashionMnistFiles.trainImages.url));
// torch.set_num_threads(1) alone leaves OpenBLAS its own thread pool: pin every pool to one thread.
const oneThread = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** Runs a command that prints one JSON document; returns it, or { skipped } with why. */
function measure(label, command, commandArgs, options = {}) {
  process.stderr.write(`bench: ${label}…\n`);
  const result = spawnSync(command, commandArgs, {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...options,
  });
  if (result.error) return { skipped: `${command}: ${result.error.message}` };
  const output = result.stdout.trim();
  // A document is either the whole output (the CLI pretty-prints it) or its last line.
  const document = output.startsWith('{') ? output : (output.split('\n').at(-1) ?? '');
  if (result.status !== 0 || !document.startsWith('{')) {
    const why = (result.stderr.trim().split('\n').at(-1) ?? '').slice(0, 160);
    return { skipped: `exit ${result.status}: ${why}` };
  }
  return JSON.parse(document);
}
const node = (label, script, ...scriptArgs) =>
  measure(label, process.execPath, [script, ...scriptArgs.map(String)]);
/** The seed job as `fmnist train` runs it, saving into `scratch/out`; `flags` are added to the command line. */
const fmnistTrain = (label, out, flags = []) =>
  measure(label, process.execPath, [
    'apps/cli/bin/fmnist.js',
    'train',
    '--epochs',
    String(epochs),
    '--json',
    '--quiet',
    '--out',
    join(scratch, out),
    ...flags,
  ]);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sum = (values) => values.reduce((a, b) => a + b, 0);
const fixed = (value, digits) => (value === undefined || value === null ? 'n/a' : value.toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2));
const notRun = (result) => `not run: ${result.skipped}`;
function table(columns, rows) {
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** PyTorch's run of the seed job, once per bench run: the training and threads sections both compare with it. */
let torchRun;
function pytorch() {
  torchRun ??= measure(
    'PyTorch, one thread',
    '/usr/bin/python3',
    ['scripts/bench/torch_fmnist.py', dataDir, String(epochs)],
    { env: oneThread },
  );
  return torchRun;
}

/** The seed job four ways: fmnist train, model.fit, PyTorch (with its BLAS named), the browser. */
function trainingSection() {
  const fmnist = fmnistTrain('fmnist train (default path)', 'model');
  const layers = node('tfjs-layers model.fit', 'scripts/bench/layers-fit.js', epochs);
  const blas = measure('PyTorch BLAS', '/usr/bin/python3', ['scripts/bench/torch_blas.py'], {
    env: oneThread,
  });
  const torch = pytorch();
  const browser = node('headless Chromium', 'scripts/bench/browser.js', epochs);
  // Against the reference BLAS, PyTorch is ~10× slower than it should be: such a row flatters us.
  const torchComparable = !blas.skipped && blas.blas !== 'reference';
  const row = (name, result, seconds, accuracy, rss) =>
    result.skipped
      ? [name, notRun(result), '', '', '']
      : [
          name,
          fixed(median(seconds), 2),
          fixed(sum(seconds), 1),
          fixed(accuracy, 4),
          rss === undefined ? '' : Math.round(rss),
        ];
  const torchName = `(c) PyTorch ${torch.torch ?? ''} CPU, 1 thread, ${blas.blas ?? 'unknown'} BLAS${torchComparable ? '' : ' (**not comparable**)'}`;
  const rows = [
    row(
      `(a) fmnist train (${fmnist.trainer ?? '?'} trainer)`,
      fmnist,
      fmnist.history?.seconds,
      fmnist.test?.accuracy,
      fmnist.peakRssMB,
    ),
    row('(b) tfjs-layers model.fit, WASM', layers, layers.epochSeconds, layers.testAcc, layers.peakRssMB),
    row(torchName, torch, torch.epochSeconds, torch.testAcc, torch.peakRssMB),
    row(
      `(d) web app, headless Chromium (${browser.trainer ?? '?'} trainer, ${browser.threads ?? '?'} thread)`,
      browser,
      browser.epochSeconds,
      browser.testAcc,
    ),
  ];
  const total = (result, key) => (result.skipped ? undefined : sum(key(result)));
  const [a, b, c, d] = [
    total(fmnist, (r) => r.history.seconds),
    total(layers, (r) => r.epochSeconds),
    total(torch, (r) => r.epochSeconds),
    total(browser, (r) => r.epochSeconds),
  ];
  const blasLine = blas.skipped
    ? `PyTorch's BLAS: ${notRun(blas)}.`
    : `PyTorch's BLAS: ${blas.blas} (${blas.libraries.join(', ')}); its 32×784 · 784×128 matmul runs at ` +
      `${blas.matmulGflops.toFixed(1)} GFLOP/s on one thread.` +
      (torchComparable ? '' : ' That is the unoptimised reference BLAS: row (c) is not a fair comparison.');
  return [
    `### Training: the seed job (${epochs} epoch(s), batch 32, Adam 1e-3)`,
    '',
    table(['runner', 's/epoch (median)', 'total s', 'test_acc', 'peak RSS MB'], rows),
    '',
    `Ratios of total training time: a/b (fmnist vs model.fit) **${ratio(a, b)}**, a/c (fmnist vs PyTorch) ` +
      `**${ratio(a, c)}**${torchComparable ? '' : ' (not comparable)'}, d/a (browser vs Node) **${ratio(d, a)}**.`,
    blasLine,
    `Peak RSS of the seed job (whole \`fmnist train\` process): **${fmnist.skipped ? 'n/a' : Math.round(fmnist.peakRssMB)} MB**.`,
  ].join('\n');
}

/**
 * The seed job (`fmnist train`, whole process) on 1 and 2 threads and by default, on the machine as it is and beside
 * one busy-looping process (a competing job taking a core), against PyTorch on one thread.
 */
function threadsSection() {
  const torch = pytorch();
  const torchTotal = torch.skipped ? undefined : sum(torch.epochSeconds);
  const runs = [];
  for (const busy of [false, true]) {
    // The competing job: a process spinning on one core for the whole block.
    const loop = busy ? spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }) : undefined;
    try {
      for (const threads of ['1', '2', 'default']) {
        const load = loadavg()[0];
        const started = performance.now();
        const result = fmnistTrain(
          `fmnist train --threads ${threads}${busy ? ', beside a busy loop' : ''}`,
          'threads-model',
          threads === 'default' ? [] : ['--threads', threads],
        );
        runs.push({ busy, threads, load, result, wall: (performance.now() - started) / 1000 });
      }
    } finally {
      loop?.kill();
    }
  }
  const training = (run) => (run.result.skipped ? undefined : sum(run.result.history.seconds));
  const find = (busy, threads) => runs.find((run) => run.busy === busy && run.threads === threads);
  const rows = runs.map((run) =>
    run.result.skipped
      ? [run.busy ? 'beside a busy loop' : 'as is', run.threads, notRun(run.result), '', '', '', '']
      : [
          run.busy ? 'beside a busy loop' : 'as is',
          run.threads === 'default' ? `default (${run.result.threads})` : run.threads,
          run.load.toFixed(2),
          fixed(median(run.result.history.seconds), 2),
          fixed(training(run), 1),
          fixed(run.wall, 1),
          ratio(training(run), torchTotal),
        ],
  );
  const speedup = (busy) => ratio(training(find(busy, '2')), training(find(busy, '1')));
  return [
    `### Threads: the seed job on 1 and 2 threads (${epochs} epoch(s), fmnist train --threads N)`,
    '',
    table(
      [
        'machine',
        'threads',
        'load (1 min) before',
        's/epoch (median)',
        'training s',
        'whole process s',
        'vs PyTorch',
      ],
      rows,
    ),
    '',
    `2 threads / 1 thread (training time): **${speedup(false)}** as is, **${speedup(true)}** beside a busy loop. ` +
      `"vs PyTorch" is the training time over PyTorch's on one thread in this run ` +
      `(${torch.skipped ? notRun(torch) : `${fixed(torchTotal, 1)} s`}). The weights are bit for bit the same on 1 ` +
      'and 2 threads. The default takes 2 threads when two cores are idle: the cores less those other processes kept ' +
      "busy while the run loaded its data (the machine's CPU time less the run's own, over at least 200 ms).",
  ].join('\n');
}

/** 8 seed runs one after another, then on every core. */
function sweepSection() {
  const sweep = node('fmnist sweep, --jobs 1 then all cores', 'scripts/bench/sweep-speedup.js', epochs, 8);
  if (sweep.skipped) return `### Sweep\n\n${notRun(sweep)}`;
  const { testAccuracy: acc } = sweep;
  return [
    `### Sweep: ${sweep.runs} seeds of the seed job (${sweep.epochs} epoch(s) each)`,
    '',
    `\`fmnist sweep --seeds 1-${sweep.runs}\` with \`--jobs 1\`: ${sweep.sequentialSeconds.toFixed(1)} s; with ` +
      `\`--jobs ${sweep.jobs}\`: ${sweep.parallelSeconds.toFixed(1)} s, **${sweep.ratio.toFixed(2)}×** the ` +
      `one-after-another time. Test accuracy over the seeds: ${acc.mean.toFixed(4)} ± ${acc.std.toFixed(4)} ` +
      `(min ${acc.min.toFixed(4)}, max ${acc.max.toFixed(4)}); the parallel runs gave ` +
      `${sweep.sameResults ? 'exactly the same results as' : 'different results from'} the sequential ones.`,
  ].join('\n');
}

/** Whole-process times of the short commands. */
function coldStartSection() {
  const cold = node('cold starts of the short commands', 'scripts/bench/cold-start.js', 5);
  if (cold.skipped) return `### Cold starts\n\n${notRun(cold)}`;
  const targets = {
    'fmnist --help': 0.2,
    'fmnist predict --index 0': 0.5,
    'fmnist predict photo.jpg': 0.5,
    'fmnist evaluate': 0.8,
  };
  const rows = Object.entries(cold.commands).map(([name, r]) => [
    `\`${name}\``,
    r.median.toFixed(2),
    r.fastest.toFixed(2),
    r.cpu.toFixed(2),
    targets[name] ?? '',
  ]);
  return [
    '### Cold starts: whole process, Node start included (5 runs each, after a warm-up run)',
    '',
    table(['command', 'median s', 'fastest s', 'CPU s (user+sys)', 'target s'], rows),
    '',
    `Load average (1 min) ${cold.loadAverage.before.toFixed(2)} before, ${cold.loadAverage.after.toFixed(2)} after. ` +
      '`fmnist data` is a repeated run: the verified-files record vouches for the dataset, so no file is read.',
  ].join('\n');
}

/** Per-kernel time and efficiency of the fast trainer's step. */
function kernelSection() {
  const k = node('fast trainer kernels', 'scripts/bench/kernels.js', 1875);
  if (k.skipped) return `### Fast trainer kernels\n\n${notRun(k)}`;
  const rows = k.kernels.map((kernel) => [
    kernel.name,
    kernel.msPerStep.toFixed(3),
    `${(100 * kernel.share).toFixed(0)}%`,
    fixed(kernel.gflops, 1),
    kernel.ofPeak === null ? '' : `${(100 * kernel.ofPeak).toFixed(0)}%`,
  ]);
  rows.push([
    'JavaScript: batch copy, softmax cross-entropy, calls',
    k.otherMsPerStep.toFixed(3),
    `${((100 * k.otherMsPerStep) / k.stepMs).toFixed(0)}%`,
    '',
    '',
  ]);
  return [
    `### Fast trainer: where a step goes (${k.steps} steps of 32, ${k.stepMs.toFixed(3)} ms a step)`,
    '',
    table(['kernel', 'ms/step', 'share', 'GFLOP/s', 'of SIMD peak'], rows),
    '',
    `WebAssembly SIMD peak measured here (f32x4 multiply + add on 12 register accumulators): ` +
      `**${k.simdPeakGflops.toFixed(1)} GFLOP/s** on one core. The matrix kernels skip zero inputs: their forward ` +
      `pass does ${(k.forwardFlopsPerStep / 1e6).toFixed(1)} MFLOP a step where a dense one would do ` +
      `${(k.denseForwardFlopsPerStep / 1e6).toFixed(1)}; GFLOP/s count only the work done.`,
  ].join('\n');
}

function classifySection() {
  const latency = node('classify latency', 'scripts/bench/classify-latency.js', 2000);
  return latency.skipped
    ? `Single-image \`classify\`: ${notRun(latency)}.`
    : `Single-image \`classify\` (pretrained weights, WASM): p50 ${latency.p50.toFixed(3)} ms, p90 ` +
        `${latency.p90.toFixed(3)} ms over ${latency.calls} calls.`;
}

/**
 * Your own pictures: the shipped models on the development photos of real clothes, then top-1 per kind of
 * photo-like picture made from test images next to the same images at 28×28.
 */
function picturesSection() {
  return [realPhotosSection(), syntheticPicturesSection()].join('\n\n');
}

function realPhotosSection() {
  const r = node('real photos of clothes', 'scripts/bench/real-photos.js');
  if (r.skipped) return `### Real photos of clothes\n\n${notRun(r)}`;
  const rows = r.rows.map((row) => [
    row.model === 'photos' ? 'photo model (`loadClassifier()`, `fmnist predict`)' : "tutorial's model",
    row.top1.toFixed(3),
    row.coarse.toFixed(3),
    row.precision.toFixed(3),
    `${(100 * row.coverage).toFixed(1)}%`,
    `${(100 * row.noClassNotSure).toFixed(1)}%`,
  ]);
  return [
    `### Real photos of clothes: the ${r.photos} development photos (${r.noClass} of garments no class fits)`,
    '',
    table(['model', 'top-1', 'coarse', 'right when sure', 'garments answered', 'no-class "not sure"'], rows),
    '',
    'Through the picture pipeline and "not sure" the classifier uses; a shoe photo counts for any shoe class, coarse ' +
      'groups are top, trouser, dress, shoe and bag. Never trained on: the photo model trained on the training split.',
  ].join('\n');
}

function syntheticPicturesSection() {
  const p = node('your own pictures', 'scripts/bench/pictures.js');
  if (p.skipped) return `### Your own pictures\n\n${notRun(p)}`;
  const rows = p.rows.map((r) => [
    r.kind,
    r.accuracy.toFixed(3),
    r.accuracy28.toFixed(3),
    (100 * r.gap).toFixed(1),
    `${(100 * r.notSure).toFixed(1)}%`,
  ]);
  const { testSet, centring, cli } = p;
  return [
    `### Your own pictures: ${p.perKind} photo-like pictures per kind made from test images (seed ${p.seed})`,
    '',
    table(['kind', 'top-1', 'same images at 28×28', 'gap (points)', 'not sure'], rows),
    '',
    `Photo-like overall: **${p.overall.toFixed(3)}**. All ${testSet.images} test images through the pipeline: ` +
      `top-1 ${testSet.accuracyThroughPipeline.toFixed(4)} (as given ${testSet.accuracy28.toFixed(4)}), flagged ` +
      `"not sure" ${(100 * testSet.notSure).toFixed(1)}%. Drawings centred by box ${centring.byBox.toFixed(3)}, by ` +
      `mass ${centring.byMass.toFixed(3)}. \`fmnist predict\` of ${cli.pictures} pictures in one process: ` +
      `${cli.seconds.toFixed(2)} s (one picture: ${cli.onePictureSeconds.toFixed(2)} s).`,
  ].join('\n');
}

/** The example pages (one per bundler) and the example server, built from the packed tarballs by the smoke test. */
function embeddingSection() {
  const e = node(
    'embedding: the smoke test (pages per bundler, server load test)',
    'scripts/bench/embedding.js',
  );
  if (e.skipped) return `### Embedding @fmnist/model\n\n${notRun(e)}`;
  const rows = e.pages.map((page) => [
    page.example,
    page.requests,
    `${(page.bytes / 1000).toFixed(1)} kB`,
    `${(page.gzipBytes / 1000).toFixed(1)} kB`,
    page.milliseconds.toFixed(0),
  ]);
  return [
    '### Embedding @fmnist/model: example pages and server, from the packed tarballs (`npm run smoke`)',
    '',
    table(['page (bundler)', 'requests', 'on the wire (brotli)', 'with gzip', 'first prediction ms'], rows),
    '',
    `Everything a page fetches until its first prediction, in headless Chromium from 127.0.0.1; the smoke test ` +
      `fails any page above ${(e.pageBudget.brotli / 1000).toFixed(0)} kB with brotli or ` +
      `${(e.pageBudget.gzip / 1000).toFixed(0)} kB with gzip. The embed-server load test ` +
      '(autocannon, 10 connections, the ankle boot as a grayscale upload):',
    '',
    e.loadTest
      .split('\n')
      .filter((line) => line.startsWith('|') || line.startsWith('stopped'))
      .join('\n'),
    '',
    `Load average (1 min) ${e.loadAverage.before.toFixed(2)} before, ${e.loadAverage.after.toFixed(2)} after.`,
  ].join('\n');
}

/** The report, in order: a name (for `--only`) and a function returning Markdown. Add yours here. */
const SECTIONS = {
  training: trainingSection,
  threads: threadsSection,
  sweep: sweepSection,
  'cold-start': coldStartSection,
  kernels: kernelSection,
  classify: classifySection,
  pictures: picturesSection,
  embedding: embeddingSection,
};

// The cold starts run first, on the machine as quiet as it gets: after the long training and sweep runs even an
// empty `node -e 0` starts 30–40% slower here for a while.
const chosen = Object.keys(SECTIONS).filter((name) => only === undefined || only.includes(name));
const runOrder = [
  ...chosen.filter((name) => name === 'cold-start'),
  ...chosen.filter((name) => name !== 'cold-start'),
];
const rendered = Object.fromEntries(runOrder.map((name) => [name, SECTIONS[name]()]));
const body = chosen.map((name) => rendered[name]).join('\n\n');
rmSync(scratch, { recursive: true, force: true });
const section = [
  '<!-- bench:start -->',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, everything in one run, on a ` +
    `${availableParallelism()}-core machine with Node ${process.version}. Machines are noisy: compare rows ` +
    'within this run (ratios), not absolute times across runs.',
  '',
  body,
  '<!-- bench:end -->',
].join('\n');
console.log(section);
if (writeReadme) {
  const readmePath = join(repo, 'docs', 'performance.md');
  const readme = readFileSync(readmePath, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  writeFileSync(
    readmePath,
    marked.test(readme) ? readme.replace(marked, section) : `${readme}\n## Performance\n\n${section}\n`,
  );
  process.stderr.write('bench: wrote the results into docs/performance.md\n');
}

// The web app's budgets (first prediction, bytes fetched, longest main-thread task): its own table and README.
spawnSync(process.execPath, ['scripts/bench/web-budgets.js', ...(writeReadme ? [] : ['--no-readme'])], {
  cwd: repo,
  stdio: 'inherit',
});
