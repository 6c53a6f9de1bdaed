// The status page's only script: polls /api/summary (every 5 s, the server's cache time) and /api/summary/history
// (every 10 s, its sampling step) and redraws the tables. Plain DOM, no library, so the page needs no build and no CDN.
'use strict';

(function () {
  const SUMMARY_EVERY_MS = 5000;
  const HISTORY_EVERY_MS = 10000;
  const HOUR_MS = 3600 * 1000;
  const TOKEN_KEY = 'marketflow.apiToken';
  const SVG = 'http://www.w3.org/2000/svg';

  let history = new Map(); // topic -> points, oldest first
  let historyAt = null;
  let lastSummary = null;
  let lastOkAt = null;
  let waitingForToken = false;
  let generation = 0; // bumped by start(), so a loop from before a token prompt does not run on beside the new one

  const $ = (id) => document.getElementById(id);

  // --- formatting -----------------------------------------------------------------------------------------------
  const intFormat = new Intl.NumberFormat('en-US');
  function int(n) { return n === undefined || n === null ? '—' : intFormat.format(n); }
  function rate(n) {
    if (n === undefined || n === null) return '—';
    if (n === 0) return '0';
    return n >= 100 ? intFormat.format(Math.round(n)) : n >= 1 ? n.toFixed(1) : n.toFixed(2);
  }
  function bytes(n) {
    if (n === undefined || n === null) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }
  // An age in seconds, short; a negative one is an event dated in the future (policy events announced ahead).
  function age(seconds) {
    if (seconds === undefined || seconds === null) return '—';
    const future = seconds < 0;
    let s = Math.abs(seconds);
    let text;
    if (s < 120) text = s + ' s';
    else if (s < 7200) text = Math.round(s / 60) + ' min';
    else if (s < 172800) text = Math.round(s / 3600) + ' h';
    else if (s < 63072000) text = Math.round(s / 86400) + ' d';
    else text = (s / 31557600).toFixed(1) + ' y';
    return future ? 'in ' + text : text;
  }
  function freshnessClass(seconds) {
    if (seconds === undefined || seconds === null) return 'none';
    if (seconds < 120) return 'fresh';
    if (seconds < 3600) return 'late';
    return 'old';
  }
  function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    // Today's times as a clock, older ones with their date: both in UTC like everything the pipeline stores.
    const sameDay = new Date().toISOString().slice(0, 10) === d.toISOString().slice(0, 10);
    return sameDay ? d.toISOString().slice(11, 19) + 'Z' : d.toISOString().slice(0, 16).replace('T', ' ') + 'Z';
  }

  // --- DOM helpers ----------------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function fill(tbody, rows, emptyText, columns) {
    tbody.replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: columns, class: 'empty' }, emptyText))]));
  }

  // A line over the last hour (x: time, y: 0..max); the title carries the latest and the peak for a hover.
  function sparkline(points, value, unit) {
    const w = 120, h = 24;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    svg.setAttribute('class', 'spark');
    const known = (points || []).filter((p) => value(p) !== undefined && value(p) !== null);
    if (known.length === 0) {
      svg.setAttribute('class', 'spark none');
      return svg;
    }
    const end = historyAt ? historyAt.getTime() : Date.now();
    // The last hour, or less while the API has run for less: a fresh run's few minutes use the whole width.
    const first = new Date((points || [])[0].at).getTime();
    const start = Math.max(end - HOUR_MS, Math.min(first, end - 60000));
    const span = end - start;
    const max = Math.max(...known.map(value), 0);
    // A series that stayed at 0 is drawn grey, so the topics that moved stand out.
    if (max === 0) svg.setAttribute('class', 'spark flat');
    const xy = known.map((p) => {
      const x = Math.min(1, Math.max(0, (new Date(p.at).getTime() - start) / span)) * w;
      const y = h - 2 - (max > 0 ? value(p) / max : 0) * (h - 4);
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    if (xy.length === 1) xy.push((w).toFixed(1) + ',' + xy[0].split(',')[1]);
    const base = document.createElementNS(SVG, 'line');
    base.setAttribute('x1', 0); base.setAttribute('x2', w);
    base.setAttribute('y1', h - 1.5); base.setAttribute('y2', h - 1.5);
    base.setAttribute('class', 'base');
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', xy.join(' '));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `now ${rate(value(known[known.length - 1]))} ${unit}, peak ${rate(max)} ${unit} `
      + `over the last ${Math.round(span / 60000)} min (${known.length} samples)`;
    svg.append(title, base, line);
    return svg;
  }

  // --- rendering ------------------------------------------------------------------------------------------------
  function render(s) {
    const datasets = new Map((s.datasets || []).map((d) => [d.topic, d]));

    fill($('sources').tBodies[0], (s.topics || []).map((t) => {
      const d = datasets.get(t.topic) || {};
      return el('tr', { 'data-testid': 'source-row', 'data-topic': t.topic, class: t.exists ? null : 'missing' },
        el('td', {}, t.topic, t.exists ? '' : el('span', { class: 'tag' }, 'not created')),
        el('td', { class: 'num', 'data-testid': 'records-per-second', 'data-value': t.recordsPerSecond ?? '' }, rate(t.recordsPerSecond)),
        el('td', {}, sparkline(history.get(t.topic), (p) => p.recordsPerSecond, 'records/s')),
        el('td', { class: 'num' }, int(t.records)),
        el('td', { class: 'num ' + freshnessClass(d.freshnessSeconds), 'data-testid': 'freshness',
          'data-value': d.freshnessSeconds ?? '' }, age(d.freshnessSeconds)),
        el('td', {}, time(d.lastEvent)));
    }), 'no raw topics known', 6);

    const topics = new Map((s.topics || []).map((t) => [t.topic, t]));
    fill($('sink').tBodies[0], (s.datasets || []).map((d) => {
      const t = topics.get(d.topic) || {};
      const notes = [];
      if (d.footersPending) notes.push(`${int(d.footersPending)} footers pending`);
      if (d.unreadableFiles) notes.push(`${int(d.unreadableFiles)} unreadable`);
      if (d.listingTruncated) notes.push('listing truncated');
      return el('tr', { 'data-testid': 'sink-row', class: d.error ? 'failed' : null },
        el('td', {}, d.dataset),
        el('td', { class: 'location' }, d.error ? el('span', { class: 'error' }, d.error)
          : `${d.bucket}/${d.prefix || ''}`, notes.length ? el('span', { class: 'tag' }, notes.join(', ')) : ''),
        el('td', { class: 'num', 'data-testid': 'files' }, int(d.parquetFiles)),
        el('td', { class: 'num' }, int(d.rows)),
        el('td', { class: 'num' }, bytes(d.bytes)),
        el('td', { class: 'num', 'data-testid': 'sink-lag' }, int(t.sinkLag)),
        el('td', {}, sparkline(history.get(d.topic), (p) => p.sinkLag, 'records behind')));
    }), 'no datasets known', 7);
    $('lake-listed').textContent = s.lakeListedAt ? `Lake listed at ${time(s.lakeListedAt)} (refreshed less often than Kafka).` : '';

    const a = s.aggregator || {};
    const run = a.lastRun;
    const lags = (s.topics || []).filter((t) => t.aggregatorLag !== undefined && t.aggregatorLag !== null)
      .map((t) => `${t.topic} ${int(t.aggregatorLag)}`).join(', ');
    const facts = a.error ? [['error', el('span', { class: 'error' }, a.error)]] : [
      ['rows', el('span', { 'data-testid': 'aggregator-rows' }, int(a.rows) + (a.rowsEstimated ? ' (estimate)' : ''))],
      ['newest minute', time(a.lastTimestamp)],
      ['freshness', el('span', { class: freshnessClass(a.freshnessSeconds) }, age(a.freshnessSeconds))],
      ['last run', run ? `${time(run.completedAt)}: ${int(run.units)} units, ${int(run.rowsWritten)} rows`
        + (run.signalSent ? ', start_model sent' : '') : 'none completed'],
      ['consumer lag', lags || '—'],
    ];
    $('aggregator').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

    // Queues with messages first, so a failure is at the top; empty ones stay listed so their absence is visible.
    const dlq = [...(s.deadLetters || [])].sort((x, y) => (y.messages - x.messages) || x.topic.localeCompare(y.topic));
    fill($('dlq').tBodies[0], dlq.map((q) => el('tr', { 'data-testid': 'dlq-row', class: q.messages ? 'failed' : null },
      el('td', {}, q.topic),
      el('td', { class: 'num' }, int(q.messages)),
      el('td', {}, (q.latest || []).length === 0 ? '—' : el('ul', { class: 'reasons' }, ...q.latest.map((r) =>
        el('li', {}, el('span', { class: 'when' }, time(r.at)), ' ', r.reason || '(no reason header)',
          r.key ? el('span', { class: 'tag' }, r.key) : '', r.source ? el('span', { class: 'tag' }, r.source) : '')))))),
    'no dead-letter topics', 3);

    const errors = s.errors || [];
    $('errors').hidden = errors.length === 0;
    $('errors').replaceChildren(...errors.map((e) => el('li', {}, e)));
  }

  function showState() {
    const state = $('state');
    if (waitingForToken) {
      state.textContent = 'waiting for the API token';
      state.className = 'state bad';
      return;
    }
    if (!lastSummary) return;
    const ago = Math.round((Date.now() - lastOkAt) / 1000);
    state.textContent = `summary of ${time(lastSummary.generatedAt)}, fetched ${ago} s ago`;
    state.className = ago > 3 * SUMMARY_EVERY_MS / 1000 ? 'state bad' : 'state';
  }

  // --- fetching -------------------------------------------------------------------------------------------------
  async function getJson(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { headers, cache: 'no-store' });
    if (response.status === 401) {
      // Ask once: the form stays until a token is entered, and a wrong one is dropped so the form comes back.
      sessionStorage.removeItem(TOKEN_KEY);
      waitingForToken = true;
      $('token-form').hidden = false;
      throw new Error('401');
    }
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  async function pollSummary(gen) {
    try {
      lastSummary = await getJson('api/summary');
      lastOkAt = Date.now();
      render(lastSummary);
    } catch (e) {
      if (e.message !== '401') {
        $('state').textContent = `could not fetch the summary (${e.message}); retrying`;
        $('state').className = 'state bad';
      }
    }
    showState();
    if (!waitingForToken && gen === generation) setTimeout(() => pollSummary(gen), SUMMARY_EVERY_MS);
  }

  async function pollHistory(gen) {
    try {
      const h = await getJson('api/summary/history');
      history = new Map((h.series || []).map((s) => [s.topic, s.points || []]));
      historyAt = new Date(h.generatedAt);
      if (lastSummary) render(lastSummary);
    } catch (e) {
      // The tables still update; the sparklines keep their last drawing.
    }
    if (!waitingForToken && gen === generation) setTimeout(() => pollHistory(gen), HISTORY_EVERY_MS);
  }

  function start() {
    waitingForToken = false;
    generation++;
    pollHistory(generation);
    pollSummary(generation);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      $('token-form').hidden = true;
      if (waitingForToken) start();
    });
    setInterval(showState, 1000);
    start();
  });
})();
