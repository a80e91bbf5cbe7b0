// Incident history in Cockpit: a page (#/runbook-history) listing the runbook's incidents, finished
// ones included, with filters, and for one incident (#/runbook-history/INC-...) its timeline beside
// its BPMN diagram with a replay: step buttons and a slider move from event to event; at each one the
// diagram marks the elements active (green) and completed (grey) then, and the state panel shows the
// incident as it stood (phase, severity, open tasks and who held them, SLA clocks, variables).
//
// Data: GET /api/audit/incidents, /api/incidents/{id}/timeline, /state?at=, the downloads
// (timeline.csv, timeline.md, export) from Runbook's API with the Cockpit session (reads of /api/**
// accept it, see docs/security.md), and each process model's XML from Cockpit's own engine API.
// Plain DOM: every value from the server goes in as text (textContent / text nodes), never as markup.

import { renderBpmn, bpmnStyle } from './bpmn-svg.js';

const PATH = '/runbook-history';
const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];
const SOURCES = ['monitoring', 'health-check', 'security-scan', 'log-anomaly', 'user-report', 'support-ticket', 'team-observation'];
const PAGE_SIZE = 25;
/** The smallest zoom the diagram opens with; a wider diagram scrolls and follows the replay. */
const MIN_ZOOM = 0.75;
const NOT_ALLOWED = 'The incident history is for auditors, managers, team leads and administrators. ' +
  'Your account may not read incident history; ask an administrator if you need it.';

/** The servlet context path of the application: app-root is "<context>/camunda". */
function contextPath() {
  const base = document.querySelector('base');
  const appRoot = (base && base.getAttribute('app-root')) || '/camunda';
  return appRoot.slice(0, appRoot.lastIndexOf('/'));
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

class HttpError extends Error {
  constructor(status, detail) {
    super(detail ? 'HTTP ' + status + ': ' + detail : 'HTTP ' + status);
    this.status = status;
    this.detail = detail;
  }
}

/** The problem's detail (RFC 9457) or its errors, as plain text. */
async function problemText(response) {
  try {
    const problem = await response.json();
    if (Array.isArray(problem.errors) && problem.errors.length) return problem.errors.join('; ');
    return problem.detail || problem.message || problem.title || null;
  } catch (notJson) {
    return null;
  }
}

async function request(url, accept) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: accept } });
  if (!response.ok) throw new HttpError(response.status, await problemText(response));
  return response;
}

const getJson = async (path) => (await request(contextPath() + path, 'application/json')).json();

function explain(error, what) {
  if (error.status === 403) return NOT_ALLOWED + (error.detail ? ' (' + error.detail + ')' : '');
  if (error.status === 401) return 'Your Cockpit session has ended: log in again.';
  if (error.status === 404) return what + ' was not found' + (error.detail ? ': ' + error.detail : '.');
  if (error.status === 400) return error.detail || 'The request was not accepted.';
  return 'Could not load ' + what + ' (' + error.message + ').';
}

/** "2026-12-01 10:15:03 UTC" (the exports are in UTC too). */
function utc(iso, millis) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const text = date.toISOString();
  return text.slice(0, 10) + ' ' + text.slice(11, millis ? 23 : 19) + ' UTC';
}

function clock(iso) {
  return iso ? new Date(iso).toISOString().slice(11, 19) : '';
}

function duration(millis) {
  if (millis === null || millis === undefined) return '';
  const s = Math.round(Math.abs(millis) / 1000);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return d + 'd ' + h + 'h';
  if (h > 0) return h + 'h ' + String(m).padStart(2, '0') + 'm';
  if (m > 0) return m + 'm ' + String(s % 60).padStart(2, '0') + 's';
  return s + 's';
}

function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const STYLE = `
.rb-history { margin: 0 0 24px 0; font-size: 13px; }
.rb-history h2 { font-size: 20px; margin: 0 0 4px 0; }
.rb-history h3 { font-size: 15px; margin: 12px 0 6px 0; }
.rb-history .rb-note { color: #555; margin: 0 0 10px 0; max-width: 80em; }
.rb-history .rb-message { padding: 10px 12px; border-radius: 3px; background: #fff4e5; border: 1px solid #f0c36d; max-width: 70em; }
.rb-history .rb-message.rb-error { background: #fdecea; border-color: #e0a0a0; }
.rb-history table { width: 100%; border-collapse: collapse; }
.rb-history th, .rb-history td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
.rb-history .rb-list tbody tr { cursor: pointer; }
.rb-history .rb-list tbody tr:hover { background: #f3f6fa; }
.rb-history .rb-filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin: 10px 0; }
.rb-history .rb-filters label { display: flex; flex-direction: column; font-weight: normal; font-size: 12px; color: #444; }
.rb-history .rb-filters input, .rb-history .rb-filters select { height: 28px; padding: 2px 6px; }
.rb-history .rb-sev { display: inline-block; padding: 1px 6px; border-radius: 3px; color: #fff; font-weight: bold; }
.rb-history .rb-sev-SEV-1 { background: #b00020; } .rb-history .rb-sev-SEV-2 { background: #d84315; }
.rb-history .rb-sev-SEV-3 { background: #f9a825; color: #222; } .rb-history .rb-sev-SEV-4 { background: #607d8b; }
.rb-history .rb-muted { color: #777; }
.rb-history .rb-pager { margin-top: 8px; display: flex; gap: 8px; align-items: center; }
.rb-history .rb-head { display: flex; flex-wrap: wrap; gap: 12px; align-items: baseline; }
.rb-history .rb-downloads { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.rb-history .rb-replay { display: flex; gap: 6px; align-items: center; margin: 8px 0; padding: 6px 8px; background: #f5f7fa; border: 1px solid #dde3ea; border-radius: 3px; }
.rb-history .rb-replay input[type=range] { flex: 1; }
.rb-history .rb-position { min-width: 26em; font-family: monospace; }
.rb-history .rb-columns { display: flex; gap: 14px; align-items: flex-start; }
.rb-history .rb-left { flex: 3; min-width: 0; }
.rb-history .rb-right { flex: 2; min-width: 0; }
.rb-history .rb-diagram { border: 1px solid #ccc; background: #fff; overflow: auto; max-height: 560px; }
.rb-history .rb-diagram-bar { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; flex-wrap: wrap; }
.rb-history .rb-legend span { display: inline-block; margin-right: 10px; }
.rb-history .rb-swatch { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
.rb-history .rb-events { max-height: 900px; overflow: auto; border: 1px solid #ddd; }
.rb-history .rb-events tr { cursor: pointer; }
.rb-history .rb-events tr.rb-future { color: #999; }
.rb-history .rb-events tr.rb-selected { background: #e3eefc; color: inherit; }
.rb-history .rb-events td.rb-time { white-space: nowrap; font-family: monospace; }
.rb-history .rb-type { font-family: monospace; font-size: 11px; color: #555; }
.rb-history .rb-state dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.rb-history .rb-state dt { font-weight: bold; }
.rb-history .rb-state dd { margin: 0; }
.rb-history .rb-details { margin-top: 4px; font-size: 12px; }
.rb-history .rb-details dt { font-weight: normal; color: #555; }
.rb-history pre.rb-value { white-space: pre-wrap; margin: 0; font-size: 12px; background: none; border: 0; padding: 0; }
.rb-history .rb-busy { opacity: 0.6; }
` + bpmnStyle('.rb-history');

function severityBadge(severity) {
  return severity ? el('span', { class: 'rb-sev rb-sev-' + severity }, severity) : el('span', { class: 'rb-muted' }, '—');
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

/** Filters kept while the user goes to an incident and comes back. */
const remembered = { from: '', to: '', severity: '', state: '', source: '', q: '', page: 0 };

function mountList(node) {
  const filters = Object.assign({}, remembered);
  const input = (name, type, labelText, extra) => {
    const field = el('input', Object.assign({ type, name, value: filters[name] }, extra || {}));
    return { field, wrapper: el('label', {}, labelText, field) };
  };
  const select = (name, labelText, options) => {
    const field = el('select', { name }, el('option', { value: '' }, 'any'),
      options.map((o) => el('option', { value: o, selected: filters[name] === o }, o)));
    return { field, wrapper: el('label', {}, labelText, field) };
  };
  const from = input('from', 'date', 'Reported from');
  const to = input('to', 'date', 'to (inclusive)');
  const severity = select('severity', 'Severity', SEVERITIES);
  const state = select('state', 'State', ['open', 'closed']);
  const source = select('source', 'Source', SOURCES);
  const q = input('q', 'search', 'Text (id, title, dedup key)', { maxlength: 200, size: 28 });
  const search = el('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, 'Search');
  const reset = el('button', { type: 'button', class: 'btn btn-default btn-sm' }, 'Reset');
  const form = el('form', { class: 'rb-filters', 'data-section': 'filters' },
    from.wrapper, to.wrapper, severity.wrapper, state.wrapper, source.wrapper, q.wrapper, search, reset);
  const results = el('div', { class: 'rb-results' }, 'Loading…');
  const section = el('section', { class: 'rb-history', 'data-section': 'incident-history' },
    el('style', {}, STYLE),
    el('h2', {}, 'Incident history'),
    el('p', { class: 'rb-note' },
      'Every runbook incident (INC-\u2026), running and finished, newest first. Open one to read its timeline ' +
      'across every process it called and replay it step by step on its diagram. Times are UTC.'),
    form, results);
  node.appendChild(section);

  let generation = 0;
  async function load() {
    const mine = ++generation;
    Object.assign(remembered, filters);
    const params = new URLSearchParams();
    for (const name of ['from', 'to', 'severity', 'state', 'source', 'q']) {
      if (filters[name]) params.set(name, filters[name]);
    }
    params.set('page', String(filters.page));
    params.set('size', String(PAGE_SIZE));
    results.classList.add('rb-busy');
    try {
      const page = await getJson('/api/audit/incidents?' + params.toString());
      if (mine !== generation) return;
      results.replaceChildren(listTable(page), pager(page));
      results.setAttribute('data-query', params.toString());
    } catch (error) {
      if (mine !== generation) return;
      results.replaceChildren(el('div', { class: 'rb-message rb-error', 'data-problem': error.status || 'error' },
        explain(error, 'the incident history')));
    } finally {
      results.classList.remove('rb-busy');
    }
  }

  function listTable(page) {
    const body = el('tbody');
    for (const item of page.items) {
      const href = '#' + PATH + '/' + encodeURIComponent(item.incidentId);
      const ended = item.endedAt || item.closedAt;
      const row = el('tr', { 'data-incident-id': item.incidentId, title: 'Open the history of ' + item.incidentId },
        el('td', {}, el('a', { href }, item.incidentId)),
        el('td', {}, item.title || ''),
        el('td', {}, severityBadge(item.severity)),
        el('td', {}, item.state || '', item.processState && item.processState !== 'ACTIVE'
          ? el('span', { class: 'rb-muted' }, ' (' + item.processState.toLowerCase().replace(/_/g, ' ') + ')') : null),
        el('td', {}, item.source || ''),
        el('td', {}, utc(item.createdAt)),
        el('td', {}, ended ? utc(ended) : el('span', { class: 'rb-muted' }, 'running')),
        el('td', {}, duration(item.durationMillis)));
      row.addEventListener('click', (event) => {
        if (event.target.closest('a')) return;
        window.location.hash = href;
      });
      body.appendChild(row);
    }
    if (!page.items.length) {
      body.appendChild(el('tr', {}, el('td', { colspan: 8, class: 'rb-muted' }, 'No incident matches these filters.')));
    }
    return el('table', { class: 'rb-list' },
      el('thead', {}, el('tr', {}, ['Incident', 'Title', 'Severity', 'State', 'Source', 'Reported', 'Ended', 'Duration']
        .map((h) => el('th', {}, h)))), body);
  }

  function pager(page) {
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    const previous = el('button', { type: 'button', class: 'btn btn-default btn-xs', disabled: page.page <= 0 }, '\u2039 Newer');
    const next = el('button', { type: 'button', class: 'btn btn-default btn-xs', disabled: page.page + 1 >= pages }, 'Older \u203a');
    previous.addEventListener('click', () => { filters.page = page.page - 1; load(); });
    next.addEventListener('click', () => { filters.page = page.page + 1; load(); });
    return el('div', { class: 'rb-pager' }, previous,
      el('span', { class: 'rb-total' }, page.total + ' incident' + (page.total === 1 ? '' : 's') + ' \u00b7 page ' + (page.page + 1) + ' of ' + pages),
      next);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.from = from.field.value;
    filters.to = to.field.value;
    filters.severity = severity.field.value;
    filters.state = state.field.value;
    filters.source = source.field.value;
    filters.q = q.field.value.trim();
    filters.page = 0;
    load();
  });
  reset.addEventListener('click', () => {
    for (const f of [from, to, severity, state, source, q]) f.field.value = '';
    Object.assign(filters, { from: '', to: '', severity: '', state: '', source: '', q: '', page: 0 });
    load();
  });
  load();
  return () => { generation++; };
}

// ---------------------------------------------------------------------------------------------
// One incident: timeline, diagram, replay
// ---------------------------------------------------------------------------------------------

/** Saves `text` as a file through a link to a blob (the response was fetched with the session). */
function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, style: 'display:none' });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function filenameOf(response, fallback) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return match ? match[1] : fallback;
}

/**
 * The post-mortem draft as Markdown, from the variables the incident had when it ended: the timeline
 * the post-mortem task was pre-filled with (`timeline`, decisive events with their actors and the
 * times to acknowledge, mitigate and resolve) and the post-mortem's fields if it was written.
 */
function postMortemMarkdown(incidentId, title, variables) {
  const fields = [['Summary', 'pmSummary'], ['Root cause', 'pmRootCause'], ['Users affected', 'pmUsersAffected'],
    ['Duration (minutes)', 'pmDurationMinutes'], ['Revenue impact', 'pmRevenueImpact'], ['What went well', 'pmWentWell'],
    ['What could improve', 'pmCouldImprove'], ['Action items', 'pmActionItems'], ['Lessons learned', 'pmLessonsLearned']];
  const out = ['# Post-mortem of ' + incidentId + (title ? ': ' + title : ''), ''];
  const written = fields.filter(([, name]) => variables[name] !== undefined && variables[name] !== null && variables[name] !== '');
  out.push(written.length ? 'As written in the post-mortem task.' : 'Draft: the post-mortem task has not been completed.', '');
  out.push('## Timeline', '', String(variables.timeline), '');
  for (const [heading, name] of written) {
    out.push('## ' + heading, '', valueText(variables[name]), '');
  }
  return out.join('\n');
}

function mountIncident(node, api, incidentId) {
  const engineApi = (api && api.engineApi) || (contextPath() + '/camunda/api/engine/engine/default');
  const base = '/api/incidents/' + encodeURIComponent(incidentId);
  const status = el('div', { class: 'rb-status' }, 'Loading the timeline of ' + incidentId + '…');
  const section = el('section', { class: 'rb-history', 'data-section': 'incident-replay', 'data-incident-id': incidentId },
    el('style', {}, STYLE),
    el('p', {}, el('a', { href: '#' + PATH, class: 'rb-back' }, '\u2190 All incidents')),
    status);
  node.appendChild(section);
  let alive = true;

  (async () => {
    let timeline;
    try {
      timeline = await getJson(base + '/timeline');
    } catch (error) {
      if (alive) status.replaceWith(el('div', { class: 'rb-message rb-error', 'data-problem': error.status || 'error' }, explain(error, incidentId)));
      return;
    }
    if (alive) status.replaceWith(incidentView(timeline));
  })();

  function incidentView(timeline) {
    const events = timeline.events || [];
    const processes = timeline.processes || [];
    const root = processes.find((p) => p.processInstanceId === timeline.processInstanceId) || processes[0] || {};
    let index = events.length ? 0 : -1;
    let selectedProcess = timeline.processInstanceId;
    let lastState = null;
    const diagrams = new Map(); // processDefinitionId -> Promise<{svg, elements}>
    const states = new Map(); // event index -> Promise<state>
    const reportedAt = root.startTime || null;

    // Header and downloads.
    const titleText = el('span', { class: 'rb-title' });
    const sev = el('span', { class: 'rb-header-severity' });
    const downloads = el('div', { class: 'rb-downloads', 'data-section': 'downloads' });
    const downloadStatus = el('span', { class: 'rb-muted rb-download-status' });
    const addDownload = (labelText, kind, action) => {
      const button = el('button', { type: 'button', class: 'btn btn-default btn-sm', 'data-download': kind }, labelText);
      button.addEventListener('click', async () => {
        button.disabled = true;
        downloadStatus.textContent = '';
        try {
          await action();
          downloadStatus.textContent = labelText + ' downloaded.';
        } catch (error) {
          downloadStatus.textContent = explain(error, labelText);
        } finally {
          button.disabled = false;
        }
      });
      downloads.appendChild(button);
      return button;
    };
    const fromServer = (path, fallback) => async () => {
      const response = await request(contextPath() + base + path, '*/*');
      save(await response.blob(), filenameOf(response, fallback));
    };
    addDownload('Timeline (CSV)', 'csv', fromServer('/timeline.csv', incidentId + '-timeline.csv'));
    addDownload('Timeline (Markdown)', 'md', fromServer('/timeline.md', incidentId + '-timeline.md'));
    addDownload('Export (JSON, for the archive)', 'export', fromServer('/export', incidentId + '-export.json'));
    const postMortem = addDownload('Post-mortem draft (Markdown)', 'post-mortem', async () => {
      const last = await stateAt(events.length - 1);
      const variables = (last && last.variables) || {};
      if (!variables.timeline) throw new Error('no post-mortem draft yet');
      save(new Blob([postMortemMarkdown(incidentId, variables.title, variables)], { type: 'text/markdown' }),
        incidentId + '-post-mortem.md');
    });
    postMortem.hidden = true;
    downloads.appendChild(downloadStatus);

    const confidentialNote = timeline.reviewsIncluded ? null : el('p', { class: 'rb-note rb-need-to-know' },
      'The content of Security\u2019s and Legal\u2019s reviews is need-to-know: their events are shown without it, here and in every download.');

    // Replay controls.
    const first = el('button', { type: 'button', class: 'btn btn-default btn-sm', 'data-step': 'first', title: 'First event' }, '\u00ab First');
    const previous = el('button', { type: 'button', class: 'btn btn-default btn-sm', 'data-step': 'previous', title: 'Previous event' }, '\u25c0 Previous');
    const slider = el('input', { type: 'range', min: 0, max: Math.max(0, events.length - 1), value: Math.max(0, index), step: 1,
      'aria-label': 'Replay position', class: 'rb-slider' });
    const next = el('button', { type: 'button', class: 'btn btn-default btn-sm', 'data-step': 'next', title: 'Next event' }, 'Next \u25b6');
    const last = el('button', { type: 'button', class: 'btn btn-default btn-sm', 'data-step': 'last', title: 'Last event' }, 'Last \u00bb');
    const position = el('span', { class: 'rb-position' });
    const replay = el('div', { class: 'rb-replay', 'data-section': 'replay' }, first, previous, slider, next, last, position);

    // Diagram.
    const processSelect = el('select', { class: 'rb-process-select', 'aria-label': 'Process' });
    for (const p of processes) {
      const called = p.processInstanceId === timeline.processInstanceId ? '' : ' (called)';
      processSelect.appendChild(el('option', { value: p.processInstanceId },
        (p.name || p.processDefinitionKey) + called + (p.confidential ? ' \u2013 need-to-know' : '')));
    }
    const follow = el('input', { type: 'checkbox', checked: true, class: 'rb-follow' });
    const zoomOut = el('button', { type: 'button', class: 'btn btn-default btn-xs', title: 'Zoom out' }, '\u2212');
    const zoomIn = el('button', { type: 'button', class: 'btn btn-default btn-xs', title: 'Zoom in' }, '+');
    const zoomFit = el('button', { type: 'button', class: 'btn btn-default btn-xs', title: 'Fit the width' }, 'Fit');
    const legend = el('span', { class: 'rb-legend' },
      el('span', {}, el('span', { class: 'rb-swatch', style: 'background:#e3f4e4;border:2px solid #2e7d32' }), 'active then'),
      el('span', {}, el('span', { class: 'rb-swatch', style: 'background:#d6d6d6;border:1px solid #777' }), 'completed'),
      el('span', {}, el('span', { class: 'rb-swatch', style: 'background:#fff;border:2px solid #1565c0' }), 'this event'));
    const diagramStatus = el('span', { class: 'rb-muted rb-diagram-status' });
    const diagram = el('div', { class: 'rb-diagram', 'data-section': 'diagram' });
    let zoom = null; // null: readable (fit the width, but not below MIN_ZOOM); 0: fit the width
    const stateBox = el('div', { class: 'rb-state', 'data-section': 'state' });
    const left = el('div', { class: 'rb-left' },
      el('div', { class: 'rb-diagram-bar' }, el('label', {}, 'Diagram of ', processSelect),
        el('label', { title: 'Show the process of each event as you step' }, follow, ' follow the events'),
        zoomOut, zoomFit, zoomIn, legend, diagramStatus),
      diagram,
      el('h3', {}, 'State at this instant'), stateBox);

    // Timeline.
    const rows = [];
    const body = el('tbody');
    events.forEach((event, i) => {
      const row = el('tr', { 'data-index': i, 'data-type': event.type },
        el('td', { class: 'rb-time', title: utc(event.time, true) }, clock(event.time)),
        el('td', {}, event.phase || ''),
        el('td', {}, el('div', {}, event.summary || ''), el('div', { class: 'rb-type' }, event.type)),
        el('td', {}, event.actor || el('span', { class: 'rb-muted' }, 'engine')));
      row.addEventListener('click', () => go(i));
      rows.push(row);
      body.appendChild(row);
    });
    const eventsTable = el('div', { class: 'rb-events', 'data-section': 'timeline' },
      el('table', {}, el('thead', {}, el('tr', {}, ['Time (UTC)', 'Phase', 'Event', 'Actor'].map((h) => el('th', {}, h)))), body));
    const details = el('div', { class: 'rb-details', 'data-section': 'event-details' });
    const right = el('div', { class: 'rb-right' },
      el('h3', {}, 'Timeline: ' + events.length + ' events'), details, eventsTable);

    const view = el('div', {},
      el('div', { class: 'rb-head' }, el('h2', {}, incidentId), titleText, sev,
        el('span', { class: 'rb-muted' }, processes.length + ' process' + (processes.length === 1 ? '' : 'es') +
          ', reported ' + utc(root.startTime) + (root.endTime ? ', ended ' + utc(root.endTime) : ', still running'))),
      downloads, confidentialNote, replay,
      el('div', { class: 'rb-columns' }, left, right));

    // ---- behaviour
    function stateAt(i) {
      if (i < 0) return Promise.resolve(null);
      if (!states.has(i)) {
        // An alert can come before the incident's process started; the state then is as it was reported.
        const at = reportedAt && Date.parse(events[i].time) < Date.parse(reportedAt) ? reportedAt : events[i].time;
        const promise = getJson(base + '/state?at=' + encodeURIComponent(at));
        promise.catch(() => states.delete(i));
        states.set(i, promise);
      }
      return states.get(i);
    }

    function diagramOf(processDefinitionId) {
      if (!diagrams.has(processDefinitionId)) {
        const promise = request(engineApi + '/process-definition/' + encodeURIComponent(processDefinitionId) + '/xml', 'application/json')
          .then((response) => response.json())
          .then((definition) => renderBpmn(definition.bpmn20Xml));
        promise.catch(() => diagrams.delete(processDefinitionId));
        diagrams.set(processDefinitionId, promise);
      }
      return diagrams.get(processDefinitionId);
    }

    function applyZoom(drawing) {
      if (zoom === null) {
        const fit = diagram.clientWidth / drawing.width;
        if (fit >= MIN_ZOOM) {
          drawing.svg.setAttribute('width', '100%');
          drawing.svg.removeAttribute('height');
        } else {
          drawing.svg.setAttribute('width', String(Math.round(drawing.width * MIN_ZOOM)));
          drawing.svg.setAttribute('height', String(Math.round(drawing.height * MIN_ZOOM)));
        }
      } else if (zoom === 0) {
        drawing.svg.setAttribute('width', '100%');
        drawing.svg.removeAttribute('height');
      } else {
        drawing.svg.setAttribute('width', String(Math.round(drawing.width * zoom)));
        drawing.svg.setAttribute('height', String(Math.round(drawing.height * zoom)));
      }
    }

    let shownDrawing = null;
    async function showDiagram() {
      const process = processes.find((p) => p.processInstanceId === selectedProcess);
      if (!process) return;
      processSelect.value = selectedProcess;
      diagram.setAttribute('data-process-definition-key', process.processDefinitionKey || '');
      try {
        const drawing = await diagramOf(process.processDefinitionId);
        if (!alive || selectedProcess !== process.processInstanceId) return;
        if (shownDrawing !== drawing) {
          shownDrawing = drawing;
          diagram.replaceChildren(drawing.svg);
          applyZoom(drawing);
        }
        diagramStatus.textContent = '';
        mark();
      } catch (error) {
        if (!alive || selectedProcess !== process.processInstanceId) return;
        shownDrawing = null;
        diagram.replaceChildren(el('div', { class: 'rb-message' }, 'The diagram of ' + (process.name || process.processDefinitionKey) +
          ' cannot be shown: ' + explain(error, 'its model')));
      }
    }

    /** Scrolls the diagram so the element of the event (or else the first active one) is in view. */
    function reveal(target, active) {
      let node = target;
      if (!node) {
        for (const id of active) {
          const g = shownDrawing.elements.get(id);
          if (g && !g.classList.contains('rb-subProcess') && !g.classList.contains('rb-group')) {
            node = g;
            break;
          }
        }
      }
      if (!node || diagram.scrollWidth <= diagram.clientWidth && diagram.scrollHeight <= diagram.clientHeight) return;
      const box = node.getBoundingClientRect();
      const frame = diagram.getBoundingClientRect();
      if (box.left < frame.left || box.right > frame.right) {
        diagram.scrollLeft += box.left - frame.left - (frame.width - box.width) / 2;
      }
      if (box.top < frame.top || box.bottom > frame.bottom) {
        diagram.scrollTop += box.top - frame.top - (frame.height - box.height) / 2;
      }
    }

    /** Marks the shown diagram from the last replayed state and the current event. */
    function mark() {
      if (!shownDrawing) return;
      const processState = lastState && (lastState.processes || []).find((p) => p.processInstanceId === selectedProcess);
      const active = new Set(processState ? processState.activeActivityIds : []);
      const completed = new Set(processState ? processState.completedActivityIds : []);
      const event = events[index];
      const current = event && event.processInstanceId === selectedProcess ? event.activityId : null;
      for (const [id, g] of shownDrawing.elements) {
        g.classList.toggle('rb-active', active.has(id));
        g.classList.toggle('rb-completed', completed.has(id) && !active.has(id));
        g.classList.toggle('rb-current', id === current);
      }
      reveal(current ? shownDrawing.elements.get(current) : null, active);
      const notStarted = !processState;
      diagramStatus.textContent = notStarted ? 'Not started at this instant.'
        : processState.state !== 'ACTIVE' ? 'Ended (' + processState.state.toLowerCase().replace(/_/g, ' ') + ') at this instant.' : '';
    }

    function renderDetails(event) {
      const entries = Object.entries((event && event.details) || {});
      const list = el('dl', {});
      for (const [name, value] of entries) {
        list.appendChild(el('dt', {}, name));
        list.appendChild(el('dd', {}, el('pre', { class: 'rb-value' }, valueText(value))));
      }
      details.replaceChildren(
        el('div', {}, el('strong', {}, event ? utc(event.time, true) + ' \u00b7 ' : ''), event ? event.summary || event.type : 'No events.'),
        entries.length ? list : null);
    }

    function slaLine(name, sla) {
      if (!sla) return el('span', { class: 'rb-muted' }, 'not started');
      let text = sla.status;
      if (sla.status === 'running' && sla.remainingMillis !== null && sla.remainingMillis !== undefined) {
        text += ', ' + duration(sla.remainingMillis) + ' left (due ' + clock(sla.due) + ')';
      } else if (sla.due) {
        text += ' (due ' + clock(sla.due) + ')';
      }
      if (sla.breachedAt) text += ', breached at ' + clock(sla.breachedAt);
      if (sla.level !== null && sla.level !== undefined) text += ', escalation level ' + sla.level;
      return el('span', { class: 'rb-sla-' + String(sla.status).replace(/\s+/g, '-'), 'data-sla': name }, text);
    }

    function renderState(state) {
      const dl = el('dl', {});
      const row = (name, value, key) => {
        dl.appendChild(el('dt', {}, name));
        dl.appendChild(el('dd', { 'data-field': key }, value));
      };
      row('At', utc(state.at, true), 'at');
      row('Phase', state.phase || '—', 'phase');
      row('Severity', severityBadge(state.severity), 'severity');
      row('Status', state.status || '—', 'status');
      row('Acknowledged by', state.acknowledgedBy || el('span', { class: 'rb-muted' }, 'nobody yet'), 'acknowledgedBy');
      row('Acknowledgement SLA', slaLine('acknowledgement', state.sla && state.sla.acknowledgement), 'ackSla');
      row('Resolution SLA', slaLine('resolution', state.sla && state.sla.resolution), 'resolutionSla');
      const tasks = state.openTasks || [];
      const taskList = tasks.length ? el('ul', { class: 'rb-open-tasks' }, tasks.map((t) => el('li', { 'data-activity-id': t.activityId },
        t.name || t.activityId, ' \u2013 ',
        t.holder ? 'held by ' + t.holder : el('span', { class: 'rb-muted' }, 'unclaimed' +
          (t.candidateGroups && t.candidateGroups.length ? ', offered to ' + t.candidateGroups.join(', ') : '')),
        ', open since ' + clock(t.createdAt))))
        : el('span', { class: 'rb-muted' }, 'none');
      row('Open tasks', taskList, 'openTasks');
      const processesNow = (state.processes || []).map((p) => {
        const proc = processes.find((x) => x.processInstanceId === p.processInstanceId) || {};
        return (proc.name || p.processDefinitionKey) + ': ' + (p.state === 'ACTIVE' ? 'running' : p.state.toLowerCase().replace(/_/g, ' '));
      });
      row('Processes', processesNow.join(' \u00b7 ') || '—', 'processes');
      const variables = Object.entries(state.variables || {});
      const varTable = el('table', { class: 'rb-variables' }, el('tbody', {}, variables.map(([name, value]) =>
        el('tr', { 'data-variable': name }, el('td', {}, name), el('td', {}, el('pre', { class: 'rb-value' }, valueText(value)))))));
      stateBox.replaceChildren(dl,
        el('details', {}, el('summary', {}, 'Incident variables as they were (' + variables.length + ')'), varTable));
    }

    let wanted = 0;
    async function go(i) {
      if (!events.length) return;
      index = Math.max(0, Math.min(events.length - 1, i));
      const mine = ++wanted;
      const event = events[index];
      slider.value = String(index);
      first.disabled = previous.disabled = index === 0;
      next.disabled = last.disabled = index === events.length - 1;
      position.textContent = 'Event ' + (index + 1) + ' of ' + events.length + ' \u00b7 ' + utc(event.time, true) +
        (reportedAt && Date.parse(event.time) < Date.parse(reportedAt) ? ' (before the incident was reported: state as reported)' : '');
      rows.forEach((row, n) => {
        row.classList.toggle('rb-selected', n === index);
        row.classList.toggle('rb-future', n > index);
      });
      rows[index].scrollIntoView({ block: 'nearest' });
      renderDetails(event);
      if (follow.checked && event.processInstanceId && event.processInstanceId !== selectedProcess
          && processes.some((p) => p.processInstanceId === event.processInstanceId)) {
        selectedProcess = event.processInstanceId;
        showDiagram();
      }
      mark();
      stateBox.classList.add('rb-busy');
      try {
        const state = await stateAt(index);
        if (!alive || mine !== wanted) return;
        lastState = state;
        renderState(state);
        section.setAttribute('data-replayed-index', String(index));
        mark();
      } catch (error) {
        if (!alive || mine !== wanted) return;
        stateBox.replaceChildren(el('div', { class: 'rb-message rb-error' }, explain(error, 'the state at this instant')));
      } finally {
        if (mine === wanted) stateBox.classList.remove('rb-busy');
      }
    }

    first.addEventListener('click', () => go(0));
    previous.addEventListener('click', () => go(index - 1));
    next.addEventListener('click', () => go(index + 1));
    last.addEventListener('click', () => go(events.length - 1));
    let sliding = null;
    slider.addEventListener('input', () => {
      clearTimeout(sliding);
      sliding = setTimeout(() => go(Number(slider.value)), 120);
    });
    slider.addEventListener('change', () => { clearTimeout(sliding); go(Number(slider.value)); });
    processSelect.addEventListener('change', () => {
      selectedProcess = processSelect.value;
      follow.checked = false;
      showDiagram();
    });
    const rezoom = (value) => { zoom = value; if (shownDrawing) applyZoom(shownDrawing); };
    const currentZoom = () => (zoom ? zoom : shownDrawing ? shownDrawing.svg.getBoundingClientRect().width / shownDrawing.width : 1);
    zoomIn.addEventListener('click', () => rezoom(Math.min(3, currentZoom() * 1.25)));
    zoomOut.addEventListener('click', () => rezoom(Math.max(0.1, currentZoom() / 1.25)));
    zoomFit.addEventListener('click', () => rezoom(0));

    // The title and severity as the incident ended (or now), and whether a post-mortem draft exists.
    if (events.length) {
      stateAt(events.length - 1).then((end) => {
        if (!alive || !end) return;
        const v = end.variables || {};
        titleText.textContent = v.title ? String(v.title) : '';
        sev.replaceChildren(severityBadge(end.severity));
        postMortem.hidden = !v.timeline;
      }).catch(() => {});
    }
    showDiagram();
    if (events.length) {
      go(0);
    } else {
      renderDetails(null);
      stateBox.replaceChildren(el('span', { class: 'rb-muted' }, 'This incident has no events to replay.'));
    }
    return view;
  }

  return () => { alive = false; };
}

// ---------------------------------------------------------------------------------------------
// Cockpit plugins: the header link and the two routes
// ---------------------------------------------------------------------------------------------

/** The incident id of a location hash such as "#/runbook-history/INC-2026-0001?x=y". */
export function incidentIdOf(hash) {
  const match = /^#?\/runbook-history\/([^/?#]+)/.exec(hash || '');
  return match ? decodeURIComponent(match[1]) : null;
}

/** Each route's running page, stopped when Cockpit leaves it. */
const running = new Map();
function start(id, stop) {
  if (running.has(id)) running.get(id)();
  running.set(id, stop);
}
function end(id) {
  if (running.has(id)) running.get(id)();
  running.delete(id);
}

export default [
  {
    id: 'runbook-incident-history-link',
    pluginPoint: 'cockpit.navigation',
    priority: 50,
    properties: {
      pagePath: '#' + PATH,
      label: 'Incident history',
      checkActive: (path) => String(path).indexOf(PATH) > -1
    }
  },
  {
    id: 'runbook-incident-history',
    pluginPoint: 'cockpit.route',
    properties: { path: PATH },
    render: (node) => start('list', mountList(node)),
    unmount: () => end('list')
  },
  {
    id: 'runbook-incident-history-incident',
    pluginPoint: 'cockpit.route',
    properties: { path: PATH + '/:incidentId' },
    render: (node, { api }) => start('incident', mountIncident(node, api, incidentIdOf(window.location.hash))),
    unmount: () => end('incident')
  }
];
