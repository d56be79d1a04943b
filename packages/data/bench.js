// Times loading and verifying the full dataset (gunzip + SHA-256 + IDX parsing), as a table. Run after a build:
//   npm run bench -w @fmnist/data
import { loadFashionMnist } from '@fmnist/data';

const runs = Number(process.argv[2] ?? 5);
const seconds = [];
let source;
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  const data = await loadFashionMnist({ download: false });
  seconds.push((performance.now() - start) / 1000);
  source = data.source;
}
seconds.sort((a, b) => a - b);
console.log(`source: ${source.kind} (${source.location}), verified: ${source.verified}`);
console.table({
  'load + verify (s)': {
    median: Number(seconds[Math.floor(runs / 2)].toFixed(3)),
    best: Number(seconds[0].toFixed(3)),
    worst: Number(seconds[runs - 1].toFixed(3)),
    target: 1.5,
  },
});
