import { CLASS_NAMES, IMAGE_PIXELS, imageAt, IMAGE_WIDTH as MNIST_SIZE } from '@fmnist/data';
import type { PreparedPicture } from '@fmnist/picture';
import type { App } from '../app.js';
import { errorMessage, formatPercent, h, say, section } from '../dom.js';
import { FIRST_TEST_IMAGES } from '../first-test.js';

const CANVAS_SIZE = 280;
const BRUSH = 22;
/** How far an arrow key moves the keyboard pen, in canvas pixels. */
const KEY_STEP = 10;
/** How many strokes Undo can take back. */
const UNDO_DEPTH = 50;

/** Draw-to-classify and upload-a-photo, with the model's live class probabilities. */
export function tryPanel(app: App): HTMLElement {
  const { root, body } = section(
    'try',
    'Try it',
    'Draw a garment, white on black as in the dataset, or upload a photo: the model answers as you go.',
  );
  const canvas = h('canvas', {
    id: 'draw-canvas',
    width: CANVAS_SIZE,
    height: CANVAS_SIZE,
    tabindex: 0,
    role: 'img',
    'aria-label': 'Drawing area',
    'aria-describedby': 'draw-help',
  });
  const help = h(
    'p',
    { id: 'draw-help', class: 'muted' },
    'Draw with a mouse, pen or finger. With the keyboard: focus the drawing area, move the pen with the arrow ' +
      'keys (it draws as it moves) and press Space to lift or lower it.',
  );
  const clear = h('button', { id: 'draw-clear', type: 'button' }, 'Clear');
  const undo = h(
    'button',
    { id: 'draw-undo', type: 'button', 'aria-keyshortcuts': 'Control+Z', disabled: true },
    'Undo',
  );
  const sample = h('button', { id: 'draw-sample', type: 'button' }, 'Show a test image');
  const upload = h('input', {
    id: 'upload',
    type: 'file',
    accept: 'image/*',
    'aria-describedby': 'upload-help',
  });
  const uploadMessage = h('p', { id: 'upload-message', role: 'status', class: 'status' });
  const preview = h('canvas', {
    id: 'model-view',
    width: MNIST_SIZE,
    height: MNIST_SIZE,
    role: 'img',
    'aria-label': 'What the model sees: the input at 28×28 pixels',
  });
  const verdict = h('p', { id: 'verdict', class: 'verdict', 'aria-live': 'polite' }, 'Loading the model…');
  const verdictHint = h('p', { id: 'verdict-hint', class: 'verdict-hint', 'aria-live': 'polite' });
  const truth = h('p', { id: 'truth', class: 'truth' });
  const rows = CLASS_NAMES.map((name, label) => {
    const bar = h('span', { class: 'prob-fill' });
    const value = h('span', { class: 'prob-value' }, '–');
    const row = h(
      'li',
      { 'data-label': label },
      h('span', { class: 'prob-name' }, name),
      h('span', { class: 'prob-bar', 'aria-hidden': 'true' }, bar),
      value,
    );
    return { row, bar, value };
  });
  const list = h('ol', {
    id: 'probabilities',
    class: 'probabilities',
    start: 0,
    'aria-label': 'Class probabilities',
  });
  list.append(...rows.map((r) => r.row));

  // The answer comes first, so that on a phone it stays in view above the drawing area while drawing.
  body.append(
    h(
      'div',
      { class: 'try-grid' },
      h(
        'div',
        { class: 'answer' },
        h('div', { class: 'verdict-box' }, verdict, verdictHint, truth),
        h('figure', { class: 'preview' }, preview, h('figcaption', { class: 'muted' }, 'Model input, 28×28')),
      ),
      h('div', { class: 'canvas-box' }, canvas),
      h('div', { class: 'row controls' }, clear, undo, sample),
      list,
      h(
        'div',
        { class: 'upload-box' },
        help,
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'upload' }, 'Upload a photo'),
          upload,
          h(
            'small',
            { id: 'upload-help', class: 'muted' },
            'One garment on a plain background works best; it is cropped to the garment and made 28×28 the way ' +
              'the dataset was.',
          ),
        ),
        uploadMessage,
      ),
    ),
  );

  const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  const previewContext = preview.getContext('2d') as CanvasRenderingContext2D;
  /**
   * What the model is shown: the drawing (read off the canvas), a picture the classifier prepared, or a test image as
   * it is (already the model's input).
   */
  let input: ImageData | PreparedPicture | { readonly pixels: Uint8Array } | undefined;
  /** Whether the big canvas shows a photo or a test image: the first stroke on it starts a new drawing. */
  let showingPicture = false;
  /** The canvas before each stroke of the drawing, for Undo. */
  const strokes: ImageData[] = [];
  const setStrokes = (clear = false) => {
    if (clear) strokes.length = 0;
    undo.disabled = strokes.length === 0;
  };

  const blank = () => {
    context.fillStyle = '#000';
    context.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
    input = undefined;
    showingPicture = false;
    delete canvas.dataset.photo;
    delete canvas.dataset.mask;
    setStrokes(true);
    showInput(new Uint8Array(IMAGE_PIXELS));
    for (const r of rows) {
      r.bar.style.width = '0';
      r.value.textContent = '–';
      r.row.classList.remove('top');
      delete r.row.dataset.probability;
    }
    delete list.dataset.sum;
    delete verdict.dataset.confident;
    verdict.textContent = app.classifier ? 'Draw something.' : 'Loading the model…';
    verdictHint.textContent = '';
    showTruth(undefined);
  };

  /** Says what the shown test image really is, and whether the model got it right; nothing for drawings. */
  let trueLabel: number | undefined;
  let truthText = '';
  const showTruth = (label: number | undefined, index?: number) => {
    trueLabel = label;
    truthText = label === undefined ? '' : `Test image ${index}: really ${CLASS_NAMES[label]}`;
    truth.textContent = truthText;
    delete truth.dataset.correct;
  };

  const showInput = (pixels: Uint8Array) => {
    const image = previewContext.createImageData(MNIST_SIZE, MNIST_SIZE);
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i] as number;
      image.data.set([v, v, v, 255], 4 * i);
    }
    previewContext.putImageData(image, 0, 0);
  };

  /** Counts answers asked for, so that a slow answer never overwrites a newer one. */
  let asked = 0;
  const predict = async () => {
    if (!input) return;
    const picture = input;
    if ('pixels' in picture) showInput(picture.pixels);
    const classifier = app.classifier;
    if (!classifier) return;
    const ticket = ++asked;
    const result = await classifier.classify(picture);
    if (ticket !== asked) return;
    const { probabilities, label, className, confidence, verdict: judged } = result;
    if (result.picture) showInput(result.picture.pixels);
    probabilities.forEach((p, i) => {
      const r = rows[i];
      if (!r) return;
      r.bar.style.width = `${(100 * p).toFixed(1)}%`;
      r.value.textContent = formatPercent(p);
      r.row.dataset.probability = String(p);
      r.row.classList.toggle('top', i === label);
    });
    list.dataset.sum = String(probabilities.reduce((a, b) => a + b, 0));
    // "Not sure" is the answer, short; what to do about it, and the model's closest guess, are the details.
    verdict.textContent = judged.confident ? `${className} (${formatPercent(confidence)})` : 'Not sure';
    verdictHint.textContent = judged.confident
      ? ''
      : `${capitalised(judged.hint)}. Closest guess: ${className}, ${formatPercent(confidence)}.`;
    verdict.dataset.label = String(label);
    verdict.dataset.confident = String(judged.confident);
    if (trueLabel !== undefined) {
      const correct = trueLabel === label;
      truth.dataset.correct = String(correct);
      truth.textContent = `${truthText} — ${correct ? 'right' : 'wrong'}`;
    }
    if (!app.answered) {
      performance.mark('fmnist:first-prediction');
      document.body.dataset.firstPrediction = String(Math.round(performance.now()));
      app.setAnswered();
    }
  };

  let scheduled = false;
  const schedulePredict = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      readCanvas();
      void predict();
    });
  };
  const readCanvas = () => {
    pristine = false;
    input = context.getImageData(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  };
  /** Keeps the canvas as it is before a stroke, so that Undo can bring it back. */
  const beginStroke = () => {
    if (showingPicture) {
      blank();
      say(uploadMessage, 'New drawing: the picture was cleared.');
    }
    strokes.push(context.getImageData(0, 0, CANVAS_SIZE, CANVAS_SIZE));
    if (strokes.length > UNDO_DEPTH) strokes.shift();
    setStrokes();
  };
  const undoStroke = () => {
    const before = strokes.pop();
    if (!before) return;
    setStrokes();
    context.putImageData(before, 0, 0);
    if (strokes.length === 0) blank();
    else schedulePredict();
  };

  // Drawing with pointers.
  let last: { x: number; y: number } | undefined;
  const at = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * CANVAS_SIZE) / rect.width,
      y: ((event.clientY - rect.top) * CANVAS_SIZE) / rect.height,
    };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    context.strokeStyle = '#fff';
    context.lineWidth = BRUSH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    showTruth(undefined);
    schedulePredict();
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (!showingPicture) uploadMessage.textContent = '';
    beginStroke();
    canvas.setPointerCapture(event.pointerId);
    last = at(event);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = at(event);
    stroke(last, next);
    last = next;
  });
  const end = () => {
    last = undefined;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  // Drawing with the keyboard.
  const pen = { x: CANVAS_SIZE / 2, y: CANVAS_SIZE / 2, down: true };
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };
  canvas.addEventListener('keydown', (event) => {
    const move = moves[event.key];
    if (event.key === ' ') {
      pen.down = !pen.down;
      event.preventDefault();
      return;
    }
    if (!move) return;
    event.preventDefault();
    const from = { x: pen.x, y: pen.y };
    pen.x = Math.min(CANVAS_SIZE, Math.max(0, pen.x + move[0] * KEY_STEP));
    pen.y = Math.min(CANVAS_SIZE, Math.max(0, pen.y + move[1] * KEY_STEP));
    if (!pen.down) return;
    beginStroke();
    stroke(from, pen);
  });
  undo.addEventListener('click', undoStroke);
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && !event.shiftKey && !typing) {
      event.preventDefault();
      undoStroke();
    }
  });

  clear.addEventListener('click', () => {
    upload.value = '';
    uploadMessage.textContent = '';
    blank();
  });

  // Until the visitor draws or picks something, the first test image (built into the script) is shown as soon as
  // the model is in; the rest of the test images follow with the test split.
  let pristine = true;
  let shown = 0;
  const showTestImage = () => {
    const test = app.test ?? FIRST_TEST_IMAGES;
    if (!app.test && shown >= test.count) {
      say(uploadMessage, 'The test images are still loading.');
      return;
    }
    const index = shown % test.count;
    shown++;
    pristine = false;
    // The model sees the test image itself; the drawing area shows it 10× up (from the 28×28 preview, unsmoothed),
    // so that it can be drawn over.
    const pixels = imageAt(test, index);
    input = { pixels };
    showInput(pixels);
    context.imageSmoothingEnabled = false;
    context.drawImage(preview, 0, 0, CANVAS_SIZE, CANVAS_SIZE);
    context.imageSmoothingEnabled = true;
    showingPicture = true;
    setStrokes(true);
    uploadMessage.textContent = '';
    showTruth(test.labels[index], index); // numbered from 0, as `fmnist predict --index` numbers them
    void predict();
  };
  sample.addEventListener('click', showTestImage);

  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    const classifier = app.classifier;
    if (!file) return;
    if (!classifier) {
      say(uploadMessage, 'The model is still loading; try again in a moment.', 'error');
      return;
    }
    let prepared: PreparedPicture;
    let bitmap: ImageBitmap;
    try {
      // The classifier reads the photo through the picture pipeline: what it shows is what the model saw.
      const [answer, image] = await Promise.all([classifier.classify(file), createImageBitmap(file)]);
      if (!answer.picture) throw new Error(`${file.name}: not read as a picture`);
      [prepared, bitmap] = [answer.picture, image];
    } catch (error) {
      say(uploadMessage, errorMessage(error), 'error');
      return;
    }
    blank();
    pristine = false;
    showPhoto(bitmap, prepared);
    input = prepared;
    const crop = prepared.crop;
    say(
      uploadMessage,
      `Converted ${file.name} (${prepared.width}×${prepared.height}) to 28×28` +
        (crop ? `, cropped to the garment (${crop.width}×${crop.height})` : '') +
        (prepared.cutout ? ', the garment cut out (the rest of the photo dimmed)' : '') +
        (prepared.inverted ? ', inverted (light background)' : '') +
        '. Drawing on it starts a new drawing.',
      'ok',
    );
    await predict();
    // On a phone the answer is above the upload field: bring it into view.
    verdict.closest('.answer')?.scrollIntoView({ block: 'nearest' });
  });

  /** Shows the uploaded photo on the big canvas, whole and centred, with what the cut-out left out dimmed. */
  const showPhoto = (bitmap: ImageBitmap, prepared: PreparedPicture) => {
    const scale = Math.min(CANVAS_SIZE / bitmap.width, CANVAS_SIZE / bitmap.height);
    const width = bitmap.width * scale;
    const height = bitmap.height * scale;
    const [left, top] = [(CANVAS_SIZE - width) / 2, (CANVAS_SIZE - height) / 2];
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, left, top, width, height);
    bitmap.close();
    const cut = prepared.cutout;
    if (cut) {
      const shade = new ImageData(cut.width, cut.height);
      for (let i = 0; i < cut.mask.length; i++) if (cut.mask[i] === 0) shade.data.set([0, 0, 0, 170], 4 * i);
      const layer = new OffscreenCanvas(cut.width, cut.height);
      (layer.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(shade, 0, 0);
      context.drawImage(layer, left, top, width, height);
      canvas.dataset.mask = 'true';
    }
    showingPicture = true;
    canvas.dataset.photo = 'true';
  };

  app.on('model', () => {
    if (input) void predict();
    else if (pristine) showTestImage();
    else verdict.textContent = 'Draw something.';
  });
  blank();
  return root;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
