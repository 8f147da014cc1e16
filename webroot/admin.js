// Admin page: token in sessionStorage, start/cancel retraining, a live learning curve from the
// job's server-sent events (read with fetch, because EventSource cannot send the Authorization
// header), model versions with activate/rollback, labelled-sample counts, and the model report of
// one version or two side by side. Every API error is shown.

const $ = id => document.getElementById(id);
const message = $('message');
let token = sessionStorage.getItem('liveDigitsToken') || '';
let currentJob = null;
let points = [];

$('token').value = token;
$('token-form').addEventListener('submit', async e => {
  e.preventDefault();
  token = $('token').value.trim();
  sessionStorage.setItem('liveDigitsToken', token);
  tokenState('', 'Checking…');
  const ok = await refresh();
  tokenState(ok ? 'ok' : 'bad', ok ? '✓ Token accepted' : '✗ Not accepted');
  if (ok) say('Token accepted.');
});

function tokenState(state, text) {
  $('token-state').dataset.state = state;
  $('token-state').textContent = text;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const why = json && json.message ? json.message : `${res.status} ${res.statusText}`;
    throw new Error(res.status === 401 ? `Not authorized: ${why}` : why);
  }
  return json;
}

function say(text) { message.textContent = text; }

/** Reloads versions and samples; true when the token was accepted. */
async function refresh() {
  if (!token) { say('Paste the admin token (the server logs one at start-up if ADMIN_TOKEN is unset).'); return false; }
  try {
    const [models, samples] = await Promise.all([api('GET', '/admin/models'), api('GET', '/admin/samples')]);
    showModels(models);
    showSamples(samples);
    reportChoices(models);
    return true;
  } catch (e) {
    say(e.message);
    return false;
  }
}

function showModels(data) {
  const body = $('models').querySelector('tbody');
  body.replaceChildren();
  for (const m of data.models) {
    const tr = document.createElement('tr');
    tr.dataset.model = m.model;
    if (m.active) tr.className = 'active';
    const cells = [m.model, m.error ? `unreadable: ${m.error}` : `${(m.testAccuracy * 100).toFixed(2)}%`,
      m.layers ? m.layers.join('-') : '', m.createdAt ? new Date(m.createdAt).toLocaleString() : ''];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.appendChild(td);
    }
    const td = document.createElement('td');
    if (!m.error) {
      const r = button('Report', `Report of ${m.model}`, () => {
        $('report-a').value = data.active || m.model;
        $('report-b').value = m.model === data.active ? '' : m.model;
        showReport();
        $('report-title').scrollIntoView();
      });
      td.appendChild(r);
    }
    if (!m.active && !m.error) {
      td.appendChild(button('Activate', `Activate ${m.model}`, async () => {
        try {
          await api('POST', `/admin/models/${encodeURIComponent(m.model)}/activate`);
          say(`${m.model} is now live.`);
          refresh();
        } catch (e) { say(e.message); }
      }));
    }
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function showSamples(s) {
  const per = Object.entries(s.perDigit).map(([d, n]) => `${d}: ${n}`).join(' · ');
  $('samples').textContent = `${s.total} samples (${per})`;
}

$('train-form').addEventListener('submit', async e => {
  e.preventDefault();
  const sizes = id => $(id).value.split(',').map(v => v.trim()).filter(v => v !== '').map(Number);
  const params = {
    epochs: Number($('epochs').value), conv: sizes('conv'), hidden: sizes('hidden'), learningRate: Number($('lr').value),
    batchSize: Number($('batch').value), trainingImages: Number($('images').value),
    userSamples: $('user-samples').checked, force: $('force').checked,
  };
  try {
    const started = await api('POST', '/admin/train', params);
    follow(started.job);
  } catch (err) { say(err.message); }
});

$('cancel').addEventListener('click', async () => {
  if (!currentJob) return;
  try { await api('DELETE', `/admin/train/${currentJob}`); say('Cancelling…'); } catch (e) { say(e.message); }
});

async function follow(job) {
  currentJob = job;
  points = [];
  drawCurve();
  $('cancel').disabled = false;
  $('start').disabled = true;
  showJob({ state: 'queued' });
  try {
    const res = await fetch(`/admin/train/${job}/events`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`events: ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block.split('\n').find(l => l.startsWith('data: '));
        if (data) onEvent(JSON.parse(data.slice(6)));
      }
    }
  } catch (e) {
    say(e.message);
  } finally {
    $('cancel').disabled = true;
    $('start').disabled = false;
    refresh();
  }
}

function onEvent(ev) {
  if (ev.type === 'epoch') {
    points.push(ev);
    drawCurve();
    showJob({ state: 'running', epoch: ev.epoch, loss: ev.loss, acc: ev.testAccuracy });
  } else if (ev.type === 'state') {
    showJob({ state: ev.state, outcome: ev.outcome, userSamples: ev.userSamples });
  }
}

function showJob(j) {
  const el = $('job');
  el.dataset.state = j.state;
  const parts = [`Job ${currentJob}: ${j.state}`];
  if (j.epoch) parts.push(`epoch ${j.epoch}, loss ${j.loss.toFixed(4)}, test accuracy ${(j.acc * 100).toFixed(2)}%`);
  if (j.userSamples !== undefined) parts.push(`${j.userSamples} labelled samples mixed in`);
  if (j.outcome) parts.push(j.outcome);
  el.textContent = parts.join(' · ');
}

function drawCurve() {
  const c = $('curve');
  const g = c.getContext('2d');
  c.dataset.points = String(points.length);
  g.fillStyle = '#11151c';
  g.fillRect(0, 0, c.width, c.height);
  if (points.length === 0) return;
  const pad = 28;
  const w = c.width - 2 * pad, h = c.height - 2 * pad;
  const n = Math.max(points.length, 2);
  const maxLoss = Math.max(...points.map(p => p.loss));
  const minAcc = Math.min(0.9, ...points.map(p => p.testAccuracy));
  const x = i => pad + (points.length === 1 ? w / 2 : (i / (n - 1)) * w);
  const series = (value, color) => {
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    points.forEach((p, i) => { const y = pad + h * (1 - value(p)); if (i) g.lineTo(x(i), y); else g.moveTo(x(i), y); });
    g.stroke();
    points.forEach((p, i) => { g.beginPath(); g.arc(x(i), pad + h * (1 - value(p)), 3, 0, Math.PI * 2); g.fill(); });
  };
  series(p => p.loss / maxLoss, '#ef9a9a');
  series(p => (p.testAccuracy - minAcc) / (1 - minAcc), '#4fc3f7');
  g.fillStyle = '#8a93a6';
  g.font = '12px system-ui';
  g.fillText(`epoch ${points.length}: test ${(points[points.length - 1].testAccuracy * 100).toFixed(2)}%`, pad, 18);
}

// ---- the model report: one version, or two side by side (left: usually the active one) -------

const pct = v => (v == null ? '–' : `${(v * 100).toFixed(2)}%`);

function reportChoices(data) {
  const ids = data.models.filter(m => !m.error).map(m => m.model);
  const newest = [...data.models].filter(m => !m.error && !m.active)
    .sort((x, y) => (x.createdAt || '').localeCompare(y.createdAt || '')).pop();
  const fill = (sel, fallback, none) => {
    const keep = ids.includes(sel.value) ? sel.value : fallback;
    const opts = ids.map(id => new Option(id === data.active ? `${id} (active)` : id, id));
    if (none) opts.unshift(new Option('(nothing)', ''));
    sel.replaceChildren(...opts);
    sel.value = keep || '';
  };
  fill($('report-a'), data.active, false);
  fill($('report-b'), newest ? newest.model : '', true);
}

$('report-form').addEventListener('submit', e => { e.preventDefault(); showReport(); });

async function showReport() {
  const a = $('report-a').value, b = $('report-b').value;
  if (!a) return;
  const box = $('report');
  box.dataset.state = 'loading';
  $('report-note').textContent = 'Scoring 10,600 images (a second or two the first time)…';
  $('report-show').disabled = true;
  try {
    const get = id => api('GET', `/admin/models/${encodeURIComponent(id)}/report`);
    const reports = await Promise.all(b && b !== a ? [get(a), get(b)] : [get(a)]);
    renderReport(reports);
    box.dataset.state = 'shown';
  } catch (e) {
    box.dataset.state = 'error';
    $('report-note').textContent = e.message;
  } finally {
    $('report-show').disabled = false;
  }
}

function renderReport(reports) {
  const [a, b] = reports;
  $('report-note').textContent = b
    ? `Δ is ${b.model} minus ${a.model}, in points; green: ${b.model} reads that digit better, red: worse.`
    : `${a.model}: ${a.architecture}.`;
  const table = $('report-table');
  table.replaceChildren();
  const row = (cells, head) => {
    const tr = table.insertRow();
    for (const c of cells) {
      const td = document.createElement(head ? 'th' : 'td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c;
      tr.appendChild(td);
    }
    return tr;
  };
  const delta = (x, y) => {
    const span = document.createElement('span');
    if (x == null || y == null) { span.textContent = ''; return span; }
    const d = (y - x) * 100;
    span.textContent = Math.abs(d) < 1e-9 ? '0' : `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`;
    span.className = d > 1e-9 ? 'better' : d < -1e-9 ? 'worse' : 'same';
    return span;
  };
  const pair = (part, pick) => reports.map(r => pick(r[part]));
  const cols = (part, pick, fmt = pct) => { const v = pair(part, pick); return b ? [fmt(v[0]), fmt(v[1]), delta(v[0], v[1])] : [fmt(v[0])]; };
  const p1 = v => (v == null ? '–' : (v * 100).toFixed(1));
  const tally = s => (s.count ? `${s.correct}/${s.count}` : 'none');
  row(['', ...(b ? [a.model, b.model, 'Δ'] : [a.model])].map(String), true);
  row(['MNIST test', ...cols('test', s => s.accuracy)]).className = 'total';
  row(['drawn check', ...cols('drawn', s => s.accuracy)]).className = 'total';
  row([`held-out (${tally(a.heldOut)})`, ...cols('heldOut', s => s.accuracy)]).className = 'total';
  row(['digit', ...(b ? ['MNIST · drawn %', '', ''] : ['MNIST · drawn %'])], true);
  for (let d = 0; d < 10; d++) {
    const t = cols('test', s => s.perDigit[d].accuracy, p1), w = cols('drawn', s => s.perDigit[d].accuracy, p1);
    const both = (x, y) => { const f = document.createDocumentFragment(); f.append(x instanceof Node ? x : `${x}`, ' · ', y instanceof Node ? y : `${y}`); return f; };
    const tr = row([String(d), ...t.map((x, i) => both(x, w[i]))]);
    tr.dataset.digit = String(d);
    const changed = tr.querySelector('.worse') ? 'worse' : tr.querySelector('.better') ? 'better' : '';
    if (changed) tr.className = changed;
  }
  $('report-sides').replaceChildren(...reports.map(side));
}

function side(r) {
  const box = document.createElement('div');
  box.className = 'side';
  box.dataset.model = r.model;
  const h = document.createElement('h3');
  h.textContent = r.model;
  const heat = document.createElement('canvas');
  heat.className = 'heat';
  heat.setAttribute('aria-label', `${r.model}: confusion matrix, rows the true digit, columns the answer`);
  drawHeat(heat, r.test.confusion);
  const cap = document.createElement('p');
  cap.className = 'note';
  cap.textContent = 'Confusion on the 10k MNIST test images: rows true digit, columns answer; red: mistakes.';
  const gate = document.createElement('p');
  gate.className = 'note';
  if (r.gate) gate.textContent = `Gate when trained: ${r.gate.forced ? 'refused, forced in' : r.gate.passed ? 'passed' : 'refused'}; ${r.gate.summary}`;
  const mistakes = document.createElement('div');
  mistakes.className = 'mistakes';
  mistakes.append(...r.mistakes.map(thumb));
  const mcap = document.createElement('p');
  mcap.className = 'note';
  mcap.textContent = `Most confident mistakes: true → answer, confidence.`;
  box.append(h, heat, cap, mcap, mistakes, gate);
  return box;
}

function drawHeat(c, m) {
  const cell = 26, pad = 16, size = pad + 10 * cell, dpr = window.devicePixelRatio || 1;
  c.width = c.height = Math.round(size * dpr); // sharp on phones: drawn at the screen's pixel density
  const g = c.getContext('2d');
  g.scale(dpr, dpr);
  g.fillStyle = '#11151c';
  g.fillRect(0, 0, size, size);
  let maxOff = 1, errors = 0;
  m.forEach((row, a) => row.forEach((v, p) => { if (a !== p) { maxOff = Math.max(maxOff, v); errors += v; } }));
  g.font = '10px system-ui';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  for (let d = 0; d < 10; d++) {
    g.fillStyle = '#8a93a6';
    g.fillText(String(d), pad + d * cell + cell / 2, pad / 2);
    g.fillText(String(d), pad / 2, pad + d * cell + cell / 2);
  }
  m.forEach((row, a) => row.forEach((v, p) => {
    const x = pad + p * cell, y = pad + a * cell;
    // Right answers in blue; mistakes in red, the square root so a single one still shows.
    g.fillStyle = a === p ? '#1d5a78' : v ? `rgba(239, 83, 80, ${0.2 + 0.8 * Math.sqrt(v / maxOff)})` : '#181c25';
    g.fillRect(x + 1, y + 1, cell - 2, cell - 2);
    if (v) { g.fillStyle = '#f4f4f4'; g.fillText(String(v), x + cell / 2, y + cell / 2); }
  }));
  c.dataset.errors = String(errors);
  c.dataset.drawn = '1';
}

function thumb(m) {
  const f = document.createElement('figure');
  f.className = 'thumb';
  f.title = `test image ${m.index}: a ${m.digit} read as ${m.predicted} (${pct(m.confidence)})`;
  const c = document.createElement('canvas');
  c.width = c.height = 28;
  const g = c.getContext('2d');
  const img = g.createImageData(28, 28);
  const px = atob(m.image);
  for (let i = 0; i < 784; i++) {
    const v = px.charCodeAt(i);
    img.data.set([v, v, v, 255], i * 4);
  }
  g.putImageData(img, 0, 0);
  const cap = document.createElement('figcaption');
  cap.textContent = `${m.digit}→${m.predicted} ${Math.round(m.confidence * 100)}%`;
  f.append(c, cap);
  return f;
}

refresh();
