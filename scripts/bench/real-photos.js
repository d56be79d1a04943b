// Real photos of real clothes: how the shipped models do on the development photos (../shared/photos/validation,
// folders named by the collection's labels; its README maps them to classes), through the same picture pipeline and
// "not sure" the classifier uses: top-1 (a shoe photo counts if the answer is any shoe class), coarse group (top,
// trouser, dress, shoe, bag), how often a confident answer is right, what share of garment photos get one, and what
// share of the photos no class fits (hats, shorts, skirts) get "not sure".
//   node scripts/bench/real-photos.js [--photos DIR]   (after npm run build)
// Prints a table on stderr and one JSON document on stdout; `{"skipped": …}` when the photos are not there.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyBatch, initBackend, loadPretrained } from '@fmnist/model';
import { judgePrediction, preparePicture } from '@fmnist/picture';

const args = process.argv.slice(2);
const dir = args.includes('--photos')
  ? args[args.indexOf('--photos') + 1]
  : fileURLToPath(new URL('../../../shared/photos/validation', import.meta.url));
if (!existsSync(dir)) {
  process.stdout.write(`${JSON.stringify({ benchmark: 'real-photos', skipped: `no photos at ${dir}` })}\n`);
  process.exit(0);
}
/** The collection's folders → the classes that count as right (none: "not sure" is right). */
const ANSWERS = {
  't-shirt': [0],
  pants: [1],
  longsleeve: [2],
  dress: [3],
  outwear: [4],
  shirt: [6],
  shoes: [5, 7, 9],
};
const GROUP = [0, 1, 0, 2, 0, 3, 0, 3, 4, 3]; // top, trouser, dress, shoe, bag

const photos = [];
for (const folder of readdirSync(dir).sort()) {
  for (const file of readdirSync(join(dir, folder)).sort()) {
    photos.push({ folder, picture: await preparePicture(join(dir, folder, file)) });
  }
}
await initBackend();
const rows = [];
for (const kind of ['tutorial', 'photos']) {
  const model = await loadPretrained(kind);
  const predictions = classifyBatch(
    model,
    photos.map((p) => p.picture.pixels),
  );
  model.dispose();
  let [garments, right, coarse, confident, confidentRight, none, noneNotSure] = [0, 0, 0, 0, 0, 0, 0];
  photos.forEach(({ folder, picture }, n) => {
    const prediction = predictions[n];
    const sure = judgePrediction(prediction.probabilities, picture).confident;
    const answers = ANSWERS[folder];
    if (!answers) {
      none++;
      if (!sure) noneNotSure++;
      return;
    }
    garments++;
    const isRight = answers.includes(prediction.label);
    if (isRight) right++;
    if (GROUP[prediction.label] === GROUP[answers[0]]) coarse++;
    if (sure) {
      confident++;
      if (isRight) confidentRight++;
    }
  });
  rows.push({
    model: kind,
    top1: right / garments,
    coarse: coarse / garments,
    precision: confidentRight / Math.max(1, confident),
    coverage: confident / garments,
    noClassNotSure: noneNotSure / Math.max(1, none),
  });
}
const counts = { photos: photos.length, noClass: photos.filter((p) => !ANSWERS[p.folder]).length };
process.stderr.write(
  [
    `${photos.length} photos in ${dir} (${counts.noClass} of garments no class fits)`,
    'model     top-1  coarse  right when sure  answered  no-class not sure',
    ...rows.map(
      (r) =>
        `${r.model.padEnd(8)}  ${r.top1.toFixed(3)}  ${r.coarse.toFixed(3).padStart(6)}  ${r.precision.toFixed(3).padStart(15)}  ${r.coverage.toFixed(3).padStart(8)}  ${r.noClassNotSure.toFixed(3).padStart(17)}`,
    ),
    '',
  ].join('\n'),
);
process.stdout.write(`${JSON.stringify({ benchmark: 'real-photos', dir, ...counts, rows })}\n`);
