// Load test of server.js on 127.0.0.1: checks that bad uploads get a 4xx JSON error, then sends REQUESTS
// (default 100,000) classifications of the ankle boot through autocannon, stopped after MAX_SECONDS (default 180)
// if not done by then, and prints requests/s, p50/p99 latency and the server's memory before and after. Exits 1 on
// any error, timeout or non-2xx answer, or a bad upload not answered with a 4xx JSON error.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';

const REQUESTS = Number(process.env.REQUESTS ?? 100_000);
const MAX_SECONDS = Number(process.env.MAX_SECONDS ?? 180);
const picture = await readFile(new URL('./ankle-boot.gray', import.meta.url));

const server = spawn(process.execPath, [new URL('./server.js', import.meta.url).pathname], {
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((found, failed) => {
  server.stdout.on('data', (chunk) => {
    const url = /listening on (http:\/\/\S+\/)/.exec(String(chunk))?.[1];
    if (url) found(url);
  });
  server.on('exit', (code) => failed(new Error(`server.js exited with code ${code} before listening`)));
});

const problems = [];
async function post(body, type) {
  const response = await fetch(`${base}classify`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': type },
  });
  return { status: response.status, document: await response.json() };
}
const health = async () => (await fetch(`${base}health`)).json();

try {
  const first = await post(picture, 'application/octet-stream');
  if (first.document.className !== 'Ankle boot')
    problems.push(`the ankle boot came back as ${first.document.className}`);
  const photo = await post(await readFile(new URL('sneaker.jpg', import.meta.url)), 'image/jpeg');
  if (photo.document.className !== 'Sneaker' || photo.document.verdict?.confident !== true)
    problems.push(`the sneaker photo came back as ${JSON.stringify(photo.document)}`);
  const bad = [
    ['100 bytes', new Uint8Array(100), 'application/octet-stream'],
    ['broken JSON', '{"pixels": [0.5,', 'application/json'],
    ['JSON without pixels', '{"image": 1}', 'application/json'],
    ['plain text', 'hello', 'text/plain'],
    ['5 MB', new Uint8Array(5_000_000), 'application/octet-stream'],
  ];
  for (const [what, body, type] of bad) {
    const { status, document } = await post(body, type);
    if (status < 400 || status >= 500 || typeof document.error !== 'string')
      problems.push(`${what}: answered ${status} ${JSON.stringify(document)}, expected a 4xx JSON error`);
    else console.log(`bad upload, ${what}: ${status} ${document.error}`);
  }

  const before = await health();
  const instance = autocannon({
    url: `${base}classify`,
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: picture,
    connections: 10,
    amount: REQUESTS,
    timeout: 10,
  });
  const stop = setTimeout(() => instance.stop(), MAX_SECONDS * 1000);
  const result = await instance;
  clearTimeout(stop);
  const after = await health();

  const completed = result.requests.total;
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(
    [
      '| requests | seconds | requests/s | p50 ms | p99 ms | errors | non-2xx | rss before → after | heap before → after |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${completed} | ${result.duration.toFixed(1)} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ` +
        `${result.latency.p99} | ${result.errors + result.timeouts} | ${result.non2xx} | ` +
        `${mb(before.rss)} → ${mb(after.rss)} | ${mb(before.heapUsed)} → ${mb(after.heapUsed)} |`,
    ].join('\n'),
  );
  // A slow machine is not an error: say where the time bound stopped the run.
  if (completed < REQUESTS)
    console.log(`stopped by the ${MAX_SECONDS} s bound after ${completed} of ${REQUESTS}`);
  if (result.errors + result.timeouts + result.non2xx > 0)
    problems.push(`${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
} finally {
  server.kill();
}
if (problems.length > 0) {
  console.error(`loadtest: ${problems.join('; ')}`);
  process.exitCode = 1;
}
