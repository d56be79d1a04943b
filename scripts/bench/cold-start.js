// Cold-start times of the short commands, whole process (Node's start included), as a user types them.
// Usage: node cold-start.js RUNS (after one uncounted warm-up run each). Prints one JSON document: per command the
// median and fastest wall seconds, and the median CPU seconds (user + system, from GNU time), which a busy machine inflates far less than wall time; the
// first row is Node alone (an empty script), the floor every command stands on; and the load average around it all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageAt, loadSplit } from '@fmnist/data';
import jpeg from 'jpeg-js';

const runs = Number(process.argv[2] ?? 5);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fmnist-cold-'));

/** A "photo": test image 0 (an ankle boot) dark on light, 112×112, as a JPEG. */
function writePhoto(path, pixels) {
  const side = 112;
  const rgba = Buffer.alloc(side * side * 4);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const value = 255 - pixels[Math.floor(y / 4) * 28 + Math.floor(x / 4)];
      rgba.fill(value, (y * side + x) * 4, (y * side + x) * 4 + 3);
      rgba[(y * side + x) * 4 + 3] = 255;
    }
  writeFileSync(path, jpeg.encode({ data: rgba, width: side, height: side }, 90).data);
}

const photo = join(scratch, 'photo.jpg');
writePhoto(photo, imageAt(await loadSplit('test'), 0));
const fmnist = (...args) => ['apps/cli/bin/fmnist.js', ...args];
const commands = {
  'node -e 0 (Node alone)': ['-e', '0'],
  'fmnist --help': fmnist('--help'),
  'fmnist predict --index 0': fmnist('predict', '--index', '0'),
  'fmnist predict photo.jpg': fmnist('predict', photo),
  'fmnist evaluate': fmnist('evaluate', '--model', 'packages/model/pretrained', '--quiet'),
  'fmnist data': fmnist('data'),
};
const loadBefore = loadavg()[0];
const results = {};
const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [name, args] of Object.entries(commands)) {
  const seconds = [];
  const cpu = [];
  // One run first, not counted (as hyperfine's --warmup): what a user who types the command again meets, with its
  // files in the page cache, not the first run after an install or after the sweep pushed them out.
  for (let i = -1; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], {
      cwd: repo,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr.trim()}`);
    if (i < 0) continue;
    seconds.push((performance.now() - started) / 1000);
    const [user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    cpu.push(user + system);
  }
  results[name] = { median: middle(seconds), fastest: Math.min(...seconds), cpu: middle(cpu), runs };
}
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify({ commands: results, loadAverage: { before: loadBefore, after: loadavg()[0] } }));
