// The pool page's script (served from /.poolhttp/assets/): reads /.poolhttp/stats every second and shows the mode,
// the workers (one row each, with the PID a replaced child gets) and request and byte rates over the last minute.
'use strict';
(() => {
  const Window = 60;
  const samples = []; // { t, total, bytes }
  const rates = [];   // { rps, bps }
  const svgNs = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  function human(bytes) {
    if (bytes < 1024) return `${Math.round(bytes)} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = -1;
    do { value /= 1024; unit++; } while (value >= 1024 && unit < units.length - 1);
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
  }

  const chart = document.createElementNS(svgNs, 'svg');
  chart.setAttribute('class', 'chart');
  chart.setAttribute('viewBox', '0 0 600 150');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', 'Requests and bytes per second over the last minute');
  const make = (tag, attributes) => {
    const el = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    chart.append(el);
    return el;
  };
  for (const y of [20, 70, 120]) make('line', { class: 'grid', x1: 0, x2: 600, y1: y, y2: y });
  const reqLine = make('polyline', { class: 'req', points: '' });
  const bytesLine = make('polyline', { class: 'bytes', points: '' });
  const reqLabel = make('text', { class: 'req', x: 6, y: 14 });
  const bytesLabel = make('text', { class: 'bytes', x: 594, y: 14, 'text-anchor': 'end' });
  make('text', { x: 6, y: 145 }).textContent = '60 s ago';
  make('text', { x: 594, y: 145, 'text-anchor': 'end' }).textContent = 'now';
  $('chart').prepend(chart);

  function points(values) {
    const max = Math.max(...values, 1e-9);
    return values.map((v, i) => `${(600 * (i + Window - values.length)) / (Window - 1)},${120 - (100 * v) / max}`).join(' ');
  }

  function draw() {
    const rps = rates.map((r) => r.rps);
    const bps = rates.map((r) => r.bps);
    reqLine.setAttribute('points', points(rps));
    bytesLine.setAttribute('points', points(bps));
    reqLabel.textContent = `requests/s (peak ${Math.max(0, ...rps).toFixed(1)})`;
    bytesLabel.textContent = `bytes/s (peak ${human(Math.max(0, ...bps))}/s)`;
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = String(text);
    row.append(td);
  }

  function show(stats) {
    $('mode').textContent = stats.mode;
    $('workers').textContent = stats.workers;
    $('total').textContent = stats.requests.total;
    $('active').textContent = stats.requests.active;
    $('started').textContent = new Date(stats.startedAt).toLocaleString();
    const now = performance.now() / 1000;
    const sample = { t: now, total: stats.requests.total, bytes: stats.bytesSent + stats.bytesReceived };
    const last = samples[samples.length - 1];
    samples.push(sample);
    if (samples.length > Window + 1) samples.shift();
    if (last) {
      const dt = Math.max(sample.t - last.t, 0.001);
      rates.push({ rps: Math.max(0, sample.total - last.total) / dt, bps: Math.max(0, sample.bytes - last.bytes) / dt });
      if (rates.length > Window) rates.shift();
      const first = samples[0];
      const span = Math.max(sample.t - first.t, 0.001);
      $('rps').textContent = ((sample.total - first.total) / span).toFixed(1);
      $('bps').textContent = `${human((sample.bytes - first.bytes) / span)}/s`;
      draw();
    }
    const tbody = document.querySelector('#workers-table tbody');
    const rows = stats.perWorker.map((w) => {
      const row = document.createElement('tr');
      row.dataset.pid = w.pid;
      cell(row, w.id);
      cell(row, w.pid);
      cell(row, w.active);
      cell(row, w.succeeded);
      cell(row, w.failed);
      cell(row, w.total);
      return row;
    });
    tbody.replaceChildren(...rows);
    $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }

  async function tick() {
    try {
      const answer = await fetch('/.poolhttp/stats', { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (answer.ok) show(await answer.json());
      else $('updated').textContent = `The statistics answered ${answer.status}`;
    } catch {
      $('updated').textContent = 'The server does not answer';
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
