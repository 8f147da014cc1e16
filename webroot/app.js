// Live Digits page: draw on #pad, stream binary frames over /ws, show ten live bars.
// Protocol: ../shared/contract.md §1. One frame in flight at a time; while it is out, the pad only
// remembers that it changed, so the next frame sent is always the newest drawing.

const FRAME_SIDE = 112;          // sent to the server; big enough to keep thin strokes, small to send
const STROKE_FRACTION = 1 / 13;  // pen width relative to the pad, close to MNIST's stroke

const pad = document.getElementById('pad');
const ctx = pad.getContext('2d');
const preview = document.getElementById('preview');
const previewCtx = preview.getContext('2d', { willReadFrequently: true });
const statusEl = document.getElementById('status');
const predictionEl = document.getElementById('prediction');
const barsEl = document.getElementById('bars');
const teachEl = document.getElementById('teach');
const teachResult = document.getElementById('teach-result');
const modelId = document.getElementById('model-id');
const toast = document.getElementById('toast');

const frameCanvas = document.createElement('canvas');
frameCanvas.width = frameCanvas.height = FRAME_SIDE;
const frameCtx = frameCanvas.getContext('2d', { willReadFrequently: true });
const frame = new Uint8Array(FRAME_SIDE * FRAME_SIDE);

const strokes = [];              // each stroke: array of [x, y] in pad CSS pixels
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
const stats = { latencies: [] };
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
    row.querySelector('.fill').style.transform = `scaleX(${v})`;
    row.querySelector('.value').textContent = `${(v * 100).toFixed(1)}%`;
    row.setAttribute('aria-label', `digit ${d}: ${(v * 100).toFixed(1)} percent`);
    row.classList.toggle('top', d === top);
  });
  return top;
}

function showPrediction(msg) {
  if (msg.empty) {
    resetAnswer();
    return;
  }
  showProbabilities(msg.probabilities);
  predictionEl.dataset.digit = String(msg.digit);
  predictionEl.dataset.confidence = msg.confidence.toFixed(4);
  predictionEl.querySelector('.digit').textContent = String(msg.digit);
  predictionEl.querySelector('.confidence').textContent = `${(msg.confidence * 100).toFixed(1)}% sure`;
  if (msg.input) showInput(msg.input);
}

function resetAnswer() {
  showProbabilities(new Array(10).fill(0));
  bars.forEach(row => row.classList.remove('top'));
  predictionEl.dataset.digit = '';
  predictionEl.dataset.confidence = '';
  predictionEl.querySelector('.digit').textContent = '–';
  predictionEl.querySelector('.confidence').textContent = '';
  previewCtx.fillStyle = '#000';
  previewCtx.fillRect(0, 0, 28, 28);
}

function showInput(base64) {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const img = previewCtx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = bytes[i];
    img.data[i * 4 + 3] = 255;
  }
  previewCtx.putImageData(img, 0, 0);
}

// ---- drawing ----------------------------------------------------------------------------
function resizePad() {
  const size = pad.getBoundingClientRect().width;
  const dpr = window.devicePixelRatio || 1;
  pad.width = pad.height = Math.round(size * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  redraw();
}

function redraw() {
  const size = pad.getBoundingClientRect().width;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = size * STROKE_FRACTION;
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
  return [e.clientX - r.left, e.clientY - r.top];
}

pad.addEventListener('pointerdown', e => {
  pad.setPointerCapture(e.pointerId);
  current = [pointOf(e)];
  strokes.push(current);
  redraw();
  changed();
});
pad.addEventListener('pointermove', e => {
  if (!current) return;
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  for (const ev of events) current.push(pointOf(ev));
  redraw();
  changed();
});
const endStroke = () => {
  if (!current) return;
  current = null;
  changed();   // the final frame of the stroke
};
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);

function clearPad() {
  strokes.length = 0;
  current = null;
  dirty = false;
  ignoreUpTo = sentSeq;
  redraw();
  resetAnswer();
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
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?input=1`;
  ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => {
    backoff = 500;
    sentSeq = 0;
    ignoreUpTo = 0;
    inFlight = false;
    statusEl.dataset.state = 'open';
    statusEl.textContent = 'live';
    if (strokes.length > 0) dirty = true;
  };
  ws.onmessage = e => handle(JSON.parse(e.data));
  ws.onclose = () => {
    statusEl.dataset.state = 'closed';
    statusEl.textContent = `reconnecting in ${(backoff / 1000).toFixed(1)} s…`;
    inFlight = false;
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 8000);
  };
}

function handle(msg) {
  switch (msg.type) {
    case 'prediction':
      inFlight = false;
      if (msg.seq > ignoreUpTo && strokes.length > 0) {
        showPrediction(msg);
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
