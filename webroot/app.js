// Live Digits page: draw on #pad, stream binary frames over /ws, show ten live bars.
// Protocol: ../shared/contract.md §1. One frame in flight at a time; while it is out, the pad only
// remembers that it changed, so the next frame sent is always the newest drawing.

const FRAME_SIDE = 112;          // sent to the server; big enough to keep thin strokes, small to send
const STROKE_FRACTION = 1 / 13;  // pen width relative to the pad, close to MNIST's stroke

const pad = document.getElementById('pad');
const ctx = pad.getContext('2d');
const preview = document.getElementById('preview');
const previewCtx = preview.getContext('2d');
const statusEl = document.getElementById('status');
const predictionEl = document.getElementById('prediction');
const barsEl = document.getElementById('bars');
const teachEl = document.getElementById('teach');
const teachResult = document.getElementById('teach-result');
const modelId = document.getElementById('model-id');
const toast = document.getElementById('toast');
const networkEl = document.getElementById('network');
const networkToggle = document.getElementById('network-toggle');

const frameCanvas = document.createElement('canvas');
frameCanvas.width = frameCanvas.height = FRAME_SIDE;
const frameCtx = frameCanvas.getContext('2d', { willReadFrequently: true });
const frame = new Uint8Array(FRAME_SIDE * FRAME_SIDE);

const strokes = [];              // each stroke: array of [x, y] as fractions of the pad's side
let current = null;
let dirty = false;               // the pad changed since the last frame sent
let inFlight = false;
let sentSeq = 0;                 // frames this connection has sent (the server's seq)
let ignoreUpTo = 0;              // replies to frames sent before a clear are stale
let ws = null;
let backoff = 500;
// Input-to-bars latency: the time of the newest pointer event a frame contains, to the moment its
// answer is on the bars. Kept for the last 1,000 answers; tests and curious people read it.
let newestInput = 0;
let frameInput = 0;
const stats = { latencies: [], networkDraws: 0, networkMs: 0 };
window.liveDigitsStats = stats;

// ---- bars -------------------------------------------------------------------------------
const bars = [];
for (let d = 0; d < 10; d++) {
  const row = document.createElement('div');
  row.className = 'bar';
  row.setAttribute('role', 'listitem');
  row.dataset.digit = String(d);
  row.dataset.confidence = '0.0000';
  row.innerHTML = `<span class="label">${d}</span><span class="track"><span class="fill"></span></span><span class="value">0.0%</span>`;
  barsEl.appendChild(row);
  bars.push(row);
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = String(d);
  b.setAttribute('aria-label', `This was a ${d}`);
  b.addEventListener('click', () => sendLabel(d));
  teachEl.appendChild(b);
}

function showProbabilities(p) {
  let top = 0;
  for (let d = 1; d < 10; d++) if (p[d] > p[top]) top = d;
  bars.forEach((row, d) => {
    const v = p[d];
    row.dataset.confidence = v.toFixed(4);
    row.style.setProperty('--v', v);   // CSSOM, not a style attribute: allowed by the CSP
    row.querySelector('.value').textContent = v >= 0.9995 ? '100%' : `${(v * 100).toFixed(1)}%`;
    row.setAttribute('aria-label', `digit ${d}: ${(v * 100).toFixed(1)} percent`);
    row.classList.toggle('top', d === top);
  });
  return top;
}

function showPrediction(msg) {
  if (msg.empty) {
    resetAnswer();
    showLater(msg);
    return;
  }
  showProbabilities(msg.probabilities);
  predictionEl.dataset.digit = String(msg.digit);
  predictionEl.dataset.confidence = msg.confidence.toFixed(4);
  predictionEl.querySelector('.digit').textContent = String(msg.digit);
  predictionEl.querySelector('.confidence').textContent = `${(msg.confidence * 100).toFixed(1)}% sure`;
  showLater(msg);
}

function resetAnswer() {
  showProbabilities(new Array(10).fill(0));
  bars.forEach(row => row.classList.remove('top'));
  predictionEl.dataset.digit = '';
  predictionEl.dataset.confidence = '';
  predictionEl.querySelector('.digit').textContent = '–';
  predictionEl.querySelector('.confidence').textContent = '';
  later = null;
  blankPreview();
  blankNetwork('');
}

// ---- what the model saw, and inside it ----------------------------------------------------
// The bars are set as a reply arrives; the preview and the network are drawn in the next animation
// frame, from the newest reply only (a reply overtaken before the frame is never drawn).
let later = null;
let laterScheduled = false;
const previewImage = previewCtx.createImageData(28, 28);

function showLater(msg) {
  later = msg;
  if (!laterScheduled) {
    laterScheduled = true;
    requestAnimationFrame(drawLater);
  }
}

function drawLater() {
  laterScheduled = false;
  const msg = later;
  later = null;
  if (!msg) return;
  if (msg.input) {
    const bytes = decode(msg.input, previewBytes);
    const d = previewImage.data;
    for (let i = 0; i < 784; i++) { d[i * 4] = d[i * 4 + 1] = d[i * 4 + 2] = bytes[i]; d[i * 4 + 3] = 255; }
    previewCtx.putImageData(previewImage, 0, 0);
  } else if (msg.empty) {
    blankPreview();
  }
  if (networkOn && (msg.activations || msg.empty)) {
    const began = performance.now();
    if (msg.empty) blankNetwork(msg.seq); else drawNetwork(msg.activations, msg.seq);
    stats.networkDraws++;
    stats.networkMs += performance.now() - began;
  }
}

const previewBytes = new Uint8Array(784);

/** Base64 into a reused byte buffer (no typed array per reply). */
function decode(base64, into) {
  const s = atob(base64);
  const n = Math.min(s.length, into.length);
  for (let i = 0; i < n; i++) into[i] = s.charCodeAt(i);
  return into;
}

function blankPreview() {
  previewCtx.fillStyle = '#000';
  previewCtx.fillRect(0, 0, 28, 28);
}

// The network: one canvas per layer, sized once for its shape. A layer of shape [c, h, w] is c
// grayscale tiles of h × w; a layer of shape [n] is a strip of n cells. Each canvas has one ImageData,
// rewritten in place and put back, so an answer costs no allocation beyond decoding its base64.
const compact = matchMedia('(max-width: 700px), (orientation: landscape) and (max-height: 500px)');
const GAP = [0x18, 0x1c, 0x25];  // the panel's colour between tiles
let layers = [];
let layersKey = '';

function layerView(a, wide) {
  const dense = a.shape.length === 1;
  const [count, th, tw] = dense ? [a.shape[0], 1, 1] : a.shape.length === 2 ? [1, ...a.shape] : a.shape;
  const px = dense ? 3 : 1;                          // canvas pixels per value
  const cols = dense ? (wide ? Math.min(count, 32) : Math.ceil(count / 32))
    : (wide ? Math.min(count, 8) : Math.min(count, Math.max(4, Math.ceil(count / 8))));
  const rows = Math.ceil(count / cols);
  const cw = tw * px + 1, ch = th * px + 1;          // a cell and its gap
  const canvas = document.createElement('canvas');
  canvas.width = cols * cw - 1;
  canvas.height = rows * ch - 1;
  const scale = dense ? 2 : Math.max(1, Math.round(24 / th));
  canvas.style.width = `${canvas.width * scale}px`;
  canvas.style.height = `${canvas.height * scale}px`;
  const c2d = canvas.getContext('2d');
  const image = c2d.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < image.data.length; i += 4) {
    image.data[i] = GAP[0]; image.data[i + 1] = GAP[1]; image.data[i + 2] = GAP[2]; image.data[i + 3] = 255;
  }
  const figure = document.createElement('figure');
  figure.className = 'layer';
  figure.dataset.layer = a.name;
  const caption = document.createElement('figcaption');
  caption.textContent = `${a.name} ${a.shape.join('×')}`;
  canvas.setAttribute('aria-label', `activations of ${a.name}`);
  figure.append(canvas, caption);
  return { canvas, c2d, image, count, th, tw, px, cols, cw, ch, bytes: new Uint8Array(count * th * tw), figure };
}

function drawNetwork(activations, seq) {
  const wide = compact.matches;
  const key = activations.map(a => `${a.name}:${a.shape.join('x')}`).join(',') + (wide ? ':wide' : '');
  if (key !== layersKey) {
    layers = activations.map(a => layerView(a, wide));
    layersKey = key;
    networkEl.replaceChildren(...layers.map(l => l.figure));
  }
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    paintLayer(l, decode(activations[i].data, l.bytes));
  }
  networkEl.dataset.seq = String(seq);
}

function paintLayer(l, bytes) {
  const d = l.image.data, width = l.image.width, per = l.th * l.tw;
  for (let t = 0; t < l.count; t++) {
    const x0 = (t % l.cols) * l.cw, y0 = Math.floor(t / l.cols) * l.ch;
    for (let y = 0; y < l.th * l.px; y++) {
      let o = ((y0 + y) * width + x0) * 4;
      const row = t * per + Math.floor(y / l.px) * l.tw;
      for (let x = 0; x < l.tw * l.px; x++, o += 4) d[o] = d[o + 1] = d[o + 2] = bytes[row + Math.floor(x / l.px)];
    }
  }
  l.c2d.putImageData(l.image, 0, 0);
}

function blankNetwork(seq) {
  for (const l of layers) paintLayer(l, l.bytes.fill(0));
  networkEl.dataset.seq = String(seq);
}

// Off by default where drawing matters most and the screen is small; the choice is remembered.
const saved = localStorage.getItem('liveDigits.network');
let networkOn = saved !== null ? saved === 'on' : !(compact.matches || matchMedia('(pointer: coarse)').matches);
networkToggle.checked = networkOn;
networkEl.hidden = !networkOn;
networkToggle.addEventListener('change', () => {
  networkOn = networkToggle.checked;
  localStorage.setItem('liveDigits.network', networkOn ? 'on' : 'off');
  networkEl.hidden = !networkOn;
  layers = [];
  layersKey = '';
  networkEl.replaceChildren();
  networkEl.dataset.seq = '';
  reconnect();   // the activations flag is on the WebSocket URL
});

// ---- drawing ----------------------------------------------------------------------------
function resizePad() {
  const size = pad.getBoundingClientRect().width;
  pad.width = pad.height = Math.max(1, Math.round(size * (window.devicePixelRatio || 1)));
  redraw();
}

function redraw() {
  const side = pad.width;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, side, side);
  ctx.setTransform(side, 0, 0, side, 0, 0);   // strokes are kept in fractions of the pad
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = STROKE_FRACTION;
  for (const s of strokes) drawStroke(s);
}

function drawStroke(points) {
  if (points.length === 1) {
    ctx.beginPath();
    ctx.arc(points[0][0], points[0][1], ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(points[0][0], points[0][1]);
  for (let i = 1; i < points.length; i++) ctx.lineTo(points[i][0], points[i][1]);
  ctx.stroke();
}

function pointOf(e) {
  const r = pad.getBoundingClientRect();
  return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height];
}

// One pointer draws: the first to touch the pad. A second finger landing while it is down makes the
// touch a gesture (a pinch, a two-finger pan), not writing: the stroke in progress is taken back and
// nothing draws until every finger has lifted.
const down = new Set();          // pointers down on the pad
let drawing = null;              // the pointerId of the stroke in progress
let gesture = false;

pad.addEventListener('pointerdown', e => {
  if (e.button !== 0) return;    // right button, pen eraser, …
  pad.setPointerCapture(e.pointerId);
  down.add(e.pointerId);
  if (down.size > 1) {
    gesture = true;
    if (current) takeBackStroke();
    return;
  }
  if (gesture) return;
  drawing = e.pointerId;
  current = [pointOf(e)];
  strokes.push(current);
  redraw();
  changed();
});
pad.addEventListener('pointermove', e => {
  if (!current || e.pointerId !== drawing) return;
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  for (const ev of events) current.push(pointOf(ev));
  redraw();
  changed();
});
const pointerGone = e => {
  down.delete(e.pointerId);
  if (down.size === 0) gesture = false;
  if (e.pointerId !== drawing) return;
  drawing = null;
  if (!current) return;
  current = null;
  changed();   // the final frame of the stroke
};
pad.addEventListener('pointerup', pointerGone);
pad.addEventListener('pointercancel', pointerGone);
pad.addEventListener('lostpointercapture', pointerGone);

function takeBackStroke() {
  strokes.splice(strokes.indexOf(current), 1);
  current = null;
  drawing = null;
  redraw();
  if (strokes.length === 0) clearPad(); else changed();
}

function clearPad() {
  strokes.length = 0;
  current = null;
  drawing = null;
  dirty = false;
  ignoreUpTo = sentSeq;
  redraw();
  resetAnswer();
  barsEl.dataset.seq = '';
  teachResult.textContent = '';
}

function undo() {
  strokes.pop();
  redraw();
  if (strokes.length === 0) clearPad(); else changed();
}

document.getElementById('clear').addEventListener('click', clearPad);
document.getElementById('undo').addEventListener('click', undo);
document.addEventListener('keydown', e => {
  if (e.target instanceof HTMLInputElement) return;
  if (e.key === 'Escape' || e.key === 'Backspace') { e.preventDefault(); clearPad(); }
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') { e.preventDefault(); undo(); }
});

// ---- streaming --------------------------------------------------------------------------
function changed() {
  dirty = true;
  newestInput = performance.now();
}

// At most one frame per animation frame, and only when none is in flight.
function pump() {
  if (dirty && !inFlight && ws && ws.readyState === WebSocket.OPEN && strokes.length > 0) sendFrame();
  requestAnimationFrame(pump);
}

function sendFrame() {
  dirty = false;
  frameCtx.imageSmoothingEnabled = true;
  frameCtx.imageSmoothingQuality = 'high';
  frameCtx.drawImage(pad, 0, 0, FRAME_SIDE, FRAME_SIDE);
  const rgba = frameCtx.getImageData(0, 0, FRAME_SIDE, FRAME_SIDE).data;
  for (let i = 0; i < frame.length; i++) frame[i] = rgba[i * 4];
  ws.send(frame);
  frameInput = newestInput;
  sentSeq++;
  inFlight = true;
}

function connect() {
  const query = networkOn ? 'input=1&activations=1' : 'input=1';
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?${query}`);
  ws = socket;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    backoff = 500;
    sentSeq = 0;
    ignoreUpTo = 0;
    inFlight = false;
    statusEl.dataset.state = 'open';
    statusEl.textContent = 'live';
    if (strokes.length > 0) dirty = true;
  };
  socket.onmessage = e => handle(JSON.parse(e.data));
  socket.onclose = () => {
    if (ws !== socket) return;   // replaced on purpose (reconnect)
    statusEl.dataset.state = 'closed';
    statusEl.textContent = `reconnecting in ${(backoff / 1000).toFixed(1)} s…`;
    inFlight = false;
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 8000);
  };
}

/** A new connection at once (its URL says what the replies should carry); the old one's replies are dropped. */
function reconnect() {
  const old = ws;
  statusEl.dataset.state = 'closed';
  statusEl.textContent = 'connecting…';
  inFlight = false;
  connect();
  if (old) {
    old.onmessage = null;
    old.close();
  }
}

function handle(msg) {
  switch (msg.type) {
    case 'prediction':
      inFlight = false;
      if (msg.seq > ignoreUpTo && strokes.length > 0) {
        showPrediction(msg);
        barsEl.dataset.seq = String(msg.seq);   // which reply the bars show (tests compare #network's)
        if (msg.seq === sentSeq) {
          stats.latencies.push(performance.now() - frameInput);
          if (stats.latencies.length > 1000) stats.latencies.shift();
        }
      }
      break;
    case 'model':
      showModel(msg.model, msg.accuracy, true);
      break;
    case 'labelled':
      teachResult.textContent = `Thanks: stored as a ${msg.digit} (${msg.samples} samples of ${msg.digit} so far).`;
      break;
    case 'error':
      if (msg.seq !== undefined) inFlight = false;
      teachResult.textContent = msg.message;
      break;
  }
}

function sendLabel(digit) {
  if (strokes.length === 0) {
    teachResult.textContent = 'Draw a digit first.';
    return;
  }
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    teachResult.textContent = 'Not connected; try again in a moment.';
    return;
  }
  ws.send(JSON.stringify({ type: 'label', digit }));
}

function showModel(id, accuracy, announce) {
  modelId.textContent = `${id} (${(accuracy * 100).toFixed(2)}% on MNIST)`;
  if (announce) {
    toast.textContent = `Model updated: ${id}`;
    toast.hidden = false;
    setTimeout(() => { toast.hidden = true; }, 3000);
  }
}

fetch('/api/model').then(r => r.json()).then(m => showModel(m.model, m.testAccuracy, false)).catch(() => {});
window.addEventListener('resize', resizePad);
resizePad();
resetAnswer();
connect();
requestAnimationFrame(pump);
