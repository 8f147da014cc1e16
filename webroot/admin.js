// Admin page: token in sessionStorage, start/cancel retraining, a live learning curve from the
// job's server-sent events (read with fetch, because EventSource cannot send the Authorization
// header), model versions with activate/rollback, labelled-sample counts. Every API error is shown.

const $ = id => document.getElementById(id);
const message = $('message');
let token = sessionStorage.getItem('liveDigitsToken') || '';
let currentJob = null;
let points = [];

$('token').value = token;
$('token-form').addEventListener('submit', e => {
  e.preventDefault();
  token = $('token').value.trim();
  sessionStorage.setItem('liveDigitsToken', token);
  refresh();
});

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

async function refresh() {
  if (!token) { say('Paste the admin token (the server logs one at start-up if ADMIN_TOKEN is unset).'); return; }
  try {
    const [models, samples] = await Promise.all([api('GET', '/admin/models'), api('GET', '/admin/samples')]);
    showModels(models);
    showSamples(samples);
    say('');
  } catch (e) {
    say(e.message);
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
    if (!m.active && !m.error) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Activate';
      b.setAttribute('aria-label', `Activate ${m.model}`);
      b.addEventListener('click', async () => {
        try {
          await api('POST', `/admin/models/${encodeURIComponent(m.model)}/activate`);
          say(`${m.model} is now live.`);
          refresh();
        } catch (e) { say(e.message); }
      });
      td.appendChild(b);
    }
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

function showSamples(s) {
  const per = Object.entries(s.perDigit).map(([d, n]) => `${d}: ${n}`).join(' · ');
  $('samples').textContent = `${s.total} samples (${per})`;
}

$('train-form').addEventListener('submit', async e => {
  e.preventDefault();
  const hidden = $('hidden').value.split(',').map(v => v.trim()).filter(v => v !== '').map(Number);
  const params = {
    epochs: Number($('epochs').value), hidden, learningRate: Number($('lr').value),
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

refresh();
