// An HTTP service classifying pictures with the pretrained model. POST /classify a photo (image/png, image/jpeg) or
// a 28×28 grayscale picture, as 784 raw bytes (application/octet-stream, 0–255, row-major) or as JSON
// `{ "pixels": [784 numbers 0–1] }`; the answer is `{ "label", "className", "confidence" }`, plus `"verdict"` for a
// photo ("not sure" and why). Bad uploads get a 4xx status and `{ "error": "…" }`.
// GET /health reports the process's memory. PORT (default 3000; 0 picks a free one) and HOST (default 127.0.0.1).
import { createServer } from 'node:http';
import { ImageInputError, loadClassifier } from '@fmnist/model';
import { PictureError } from '@fmnist/picture';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const classifier = await loadClassifier();

// Pictures that arrive together are classified in one model call: much cheaper than one call each.
let waiting = [];
function classify(picture) {
  return new Promise((resolve, reject) => {
    waiting.push({ picture, resolve, reject });
    if (waiting.length === 1) setImmediate(classifyWaiting);
  });
}
async function classifyWaiting() {
  const batch = waiting;
  waiting = [];
  try {
    const predictions = await classifier.classifyBatch(batch.map((job) => job.picture));
    for (const [n, job] of batch.entries()) job.resolve(predictions[n]);
  } catch {
    // A bad picture fails the whole batch: classify each alone, so that only it gets the error.
    for (const job of batch) classifier.classify(job.picture).then(job.resolve, job.reject);
  }
}

class UploadError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new UploadError(413, `upload over ${MAX_BODY_BYTES} bytes; send a photo or 784 pixels`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The picture in the request body, in a form the classifier takes. */
async function picture(req) {
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (type === 'application/json') {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new UploadError(400, 'the JSON body does not parse; send {"pixels": [784 numbers 0–1]}');
    }
  }
  // PNG or JPEG bytes go through the picture pipeline; 784 octets are the pixels themselves.
  if (['application/octet-stream', 'image/png', 'image/jpeg'].includes(type)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.length);
  }
  throw new UploadError(
    415,
    'send image/png, image/jpeg, application/octet-stream (784 bytes) or application/json ({"pixels": […]})',
  );
}

function reply(res, status, document) {
  const body = JSON.stringify(document);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer(async (req, res) => {
  try {
    if (req.url === '/health' && req.method === 'GET') {
      const { rss, heapUsed } = process.memoryUsage();
      return reply(res, 200, { status: 'ok', backend: classifier.backend.backend, rss, heapUsed });
    }
    if (req.url !== '/classify') throw new UploadError(404, 'POST pictures to /classify');
    if (req.method !== 'POST') throw new UploadError(405, 'POST pictures to /classify');
    const { label, className, confidence, verdict } = await classify(await picture(req));
    reply(res, 200, { label, className, confidence, verdict });
  } catch (error) {
    if (error instanceof UploadError) reply(res, error.status, { error: error.message });
    else if (error instanceof ImageInputError || error instanceof PictureError) {
      reply(res, 422, { error: error.message });
    } else {
      console.error(error);
      reply(res, 500, { error: 'internal error' });
    }
  }
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}/ (backend ${classifier.backend.backend})`);
});
