// The runbook's incident board on the Cockpit dashboard: the open runbook incidents (INC-...), most
// urgent first, from GET /api/board, and a chart of the last 30 days from GET /api/reports/metrics.
// Plain DOM: every value from the server goes in as text (textContent / createTextNode), never as
// markup. The requests carry the Cockpit session (reads of /api/** accept it; see docs/security.md).

const REFRESH_MS = 15000;
const METRICS_REFRESH_MS = 5 * 60 * 1000;
const METRICS_DAYS = 30;
const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];

/** The servlet context path of the application: app-root is "<context>/camunda". */
function contextPath() {
  const base = document.querySelector('base');
  const appRoot = (base && base.getAttribute('app-root')) || '/camunda';
  return appRoot.slice(0, appRoot.lastIndexOf('/'));
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** "3d 4h", "2h 05m", "12m", "40s". */
export function duration(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return d + 'd ' + h + 'h';
  if (h > 0) return h + 'h ' + String(m).padStart(2, '0') + 'm';
  if (m > 0) return m + 'm';
  return s + 's';
}

function secondsUntil(iso, now) {
  return (Date.parse(iso) - now) / 1000;
}

/** One SLA clock as a short text and a CSS class. */
function slaText(name, sla, now) {
  switch (sla && sla.state) {
    case 'met': return { text: name + ': met', cls: 'rb-met' };
    case 'running': return { text: name + ': ' + duration(sla.secondsToBreach) + ' left', cls: sla.secondsToBreach < 900 ? 'rb-soon' : 'rb-running' };
    case 'breached': return {
      text: name + ': breached ' + duration(secondsUntil(sla.breachedAt, now)) + ' ago' + (sla.active ? '' : ' (stopped)'),
      cls: sla.active ? 'rb-breached' : 'rb-met'
    };
    default: return { text: name + ': not started', cls: 'rb-idle' };
  }
}

const STYLE = `
.rb-board { margin: 0 0 24px 0; }
.rb-board h2 { font-size: 20px; margin: 0 0 4px 0; }
.rb-board .rb-note { color: #555; margin: 0 0 10px 0; max-width: 70em; }
.rb-board table { width: 100%; border-collapse: collapse; font-size: 13px; }
.rb-board th, .rb-board td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
.rb-board tbody tr { cursor: pointer; }
.rb-board tbody tr:hover { background: #f3f6fa; }
.rb-board tr.rb-row-breached { background: #fdecea; }
.rb-board .rb-breached { color: #b00020; font-weight: bold; }
.rb-board .rb-soon { color: #a05a00; font-weight: bold; }
.rb-board .rb-met { color: #2e7d32; }
.rb-board .rb-idle { color: #777; }
.rb-board .rb-sev { display: inline-block; padding: 1px 6px; border-radius: 3px; color: #fff; font-weight: bold; }
.rb-board .rb-sev-SEV-1 { background: #b00020; } .rb-board .rb-sev-SEV-2 { background: #d84315; }
.rb-board .rb-sev-SEV-3 { background: #f9a825; color: #222; } .rb-board .rb-sev-SEV-4 { background: #607d8b; }
.rb-board .rb-drill { color: #6a1b9a; font-weight: bold; margin-left: 4px; }
.rb-board .rb-status { color: #555; font-size: 12px; margin-top: 6px; }
.rb-board .rb-metrics { margin-top: 18px; }
.rb-board .rb-metrics h3 { font-size: 16px; margin: 0 0 6px 0; }
.rb-board .rb-charts { display: flex; flex-wrap: wrap; gap: 16px; }
`;

function boardTable(board, engine) {
  const now = Date.parse(board.now);
  const head = el('thead', {}, el('tr', {},
    ...['Incident', 'Title', 'Severity', 'Phase', 'Incident Commander', 'Age', 'SLA', 'Time to breach',
      'Escalation', 'Next status update'].map((h) => el('th', {}, h))));
  const body = el('tbody');
  for (const incident of board.incidents) {
    const link = el('a', { href: '#/process-instance/' + encodeURIComponent(incident.processInstanceId) + '/runtime' }, incident.incidentId);
    const ack = slaText('Ack', incident.acknowledgement, now);
    const res = slaText('Resolution', incident.resolution, now);
    let toBreach;
    if (incident.secondsToBreach === null || incident.secondsToBreach === undefined) {
      toBreach = el('span', { class: 'rb-idle' }, '—');
    } else if (incident.breached) {
      toBreach = el('span', { class: 'rb-breached' }, 'breached ' + duration(incident.secondsToBreach) + ' ago');
    } else {
      toBreach = el('span', { class: incident.secondsToBreach < 900 ? 'rb-soon' : 'rb-running' }, duration(incident.secondsToBreach));
    }
    let nextUpdate = el('span', { class: 'rb-idle' }, '—');
    if (incident.nextStatusUpdateDue) {
      const left = secondsUntil(incident.nextStatusUpdateDue, now);
      const from = incident.nextStatusUpdateFrom === 'status-page-task' ? 'status page task' : 'last published update';
      nextUpdate = left >= 0
        ? el('span', { title: 'from the ' + from }, 'in ' + duration(left))
        : el('span', { class: 'rb-breached', title: 'from the ' + from }, 'overdue ' + duration(left));
    }
    const row = el('tr', {
      class: incident.breached ? 'rb-row-breached' : null,
      'data-incident-id': incident.incidentId,
      'data-sla': incident.acknowledgement.state + '/' + incident.resolution.state,
      title: 'Open ' + incident.incidentId + ' in Cockpit'
    },
    el('td', {}, link),
    el('td', {}, incident.title || '', incident.drill ? el('span', { class: 'rb-drill' }, '[DRILL]') : null),
    el('td', {}, el('span', { class: 'rb-sev rb-sev-' + incident.severity }, incident.severity || '?')),
    el('td', {}, incident.phase || '—'),
    el('td', {}, incident.incidentCommander || el('span', { class: 'rb-idle' }, 'not yet assigned')),
    el('td', {}, duration(incident.ageSeconds)),
    el('td', { class: 'rb-sla' }, el('div', { class: ack.cls }, ack.text), el('div', { class: res.cls }, res.text)),
    el('td', {}, toBreach),
    el('td', {}, incident.escalationLevel > 0 ? 'level ' + incident.escalationLevel : el('span', { class: 'rb-idle' }, 'none')),
    el('td', {}, nextUpdate));
    row.addEventListener('click', (event) => {
      if (event.target.closest('a')) return;
      window.location.hash = '#/process-instance/' + encodeURIComponent(incident.processInstanceId) + '/runtime';
    });
    body.appendChild(row);
  }
  if (!board.incidents.length) {
    body.appendChild(el('tr', {}, el('td', { colspan: 10, class: 'rb-idle' }, 'No open runbook incidents.')));
  }
  return el('table', { class: 'rb-incidents' }, head, body);
}

/** A small bar chart: one bar per severity, scaled to the largest value (or to 100 %). */
function barChart(title, values, format, max) {
  const width = 260, height = 165, left = 8, top = 36, bottom = 22, barGap = 12;
  const top0 = max || Math.max(1, ...values.map((v) => v.value || 0));
  const chart = svg('svg', { width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', class: 'rb-chart' });
  chart.appendChild(svg('title', {}, title));
  chart.appendChild(svg('text', { x: left, y: 14, 'font-size': 12, 'font-weight': 'bold' }, title));
  const barWidth = (width - left * 2 - barGap * (values.length - 1)) / values.length;
  const plot = height - top - bottom;
  values.forEach((v, i) => {
    const x = left + i * (barWidth + barGap);
    if (v.value === null || v.value === undefined) {
      chart.appendChild(svg('text', { x: x + barWidth / 2, y: top + plot - 4, 'font-size': 11, 'text-anchor': 'middle', fill: '#888' }, 'n/a'));
    } else {
      const h = Math.max(1, plot * v.value / top0);
      chart.appendChild(svg('rect', { x, y: top + plot - h, width: barWidth, height: h, fill: v.color }));
      chart.appendChild(svg('text', { x: x + barWidth / 2, y: top + plot - h - 3, 'font-size': 11, 'text-anchor': 'middle' }, format(v.value)));
    }
    chart.appendChild(svg('text', { x: x + barWidth / 2, y: height - 6, 'font-size': 11, 'text-anchor': 'middle' }, v.label));
  });
  return chart;
}

const COLORS = { 'SEV-1': '#b00020', 'SEV-2': '#d84315', 'SEV-3': '#f9a825', 'SEV-4': '#607d8b' };

function metricsCharts(metrics) {
  const by = metrics.bySeverity || {};
  const series = (pick) => SEVERITIES.map((sev) => ({ label: sev, color: COLORS[sev], value: by[sev] ? pick(by[sev]) : null }));
  const minutes = (s) => duration(s);
  const percent = (p) => Math.round(p * 100) + ' %';
  return el('div', { class: 'rb-charts' },
    barChart('MTTA (time to acknowledge)', series((s) => s.mttaSeconds), minutes),
    barChart('MTTR (time to resolve)', series((s) => s.mttrSeconds), minutes),
    barChart('Acknowledgement SLA met', series((s) => s.acknowledgementSla && s.acknowledgementSla.compliance), percent, 1),
    barChart('Resolution SLA met', series((s) => s.resolutionSla && s.resolutionSla.compliance), percent, 1));
}

async function getJson(path) {
  const response = await fetch(contextPath() + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error('HTTP ' + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function mount(node, engine) {
  const style = el('style', {}, STYLE);
  const count = el('span', { class: 'rb-camunda-count' }, '…');
  const tableHolder = el('div', { class: 'rb-table' }, 'Loading the open incidents…');
  const status = el('div', { class: 'rb-status' });
  const metricsBody = el('div', { class: 'rb-metrics-body' }, 'Loading…');
  const metricsSection = el('section', { class: 'rb-metrics', 'data-section': 'metrics' },
    el('h3', {}, 'How the team is doing: last ' + METRICS_DAYS + ' days (drills excluded)'), metricsBody);
  const section = el('section', { class: 'rb-board', 'data-section': 'incident-board' },
    style,
    el('h2', {}, 'Runbook incidents: open, most urgent first'),
    el('p', { class: 'rb-note' },
      'These are the runbook\u2019s incidents (INC-\u2026), one per incident-response process, sorted by urgency: ' +
      'a breached SLA first, then the nearest breach, then severity. Camunda\u2019s own \u201cOpen Incidents\u201d ' +
      'on this dashboard counts technical failures (failed jobs and actions waiting for a person), not these; ' +
      'it shows ', count, ' now. Click an incident to open its process instance.'),
    tableHolder, status, metricsSection);
  node.appendChild(section);

  async function refreshBoard() {
    try {
      const board = await getJson('/api/board');
      count.textContent = String(board.camundaIncidents);
      tableHolder.replaceChildren(boardTable(board, engine));
      status.textContent = board.incidents.length + ' open incident' + (board.incidents.length === 1 ? '' : 's') +
        (board.truncated ? ' (only the first ' + board.incidents.length + ' shown)' : '') +
        ' \u00b7 updated ' + new Date(board.now).toLocaleTimeString() + ' \u00b7 refreshes every ' + (REFRESH_MS / 1000) + ' s';
    } catch (error) {
      status.textContent = error.status === 403
        ? 'The incident board is for managers, team leads, auditors and administrators.'
        : 'Could not load the board (' + error.message + '); retrying every ' + (REFRESH_MS / 1000) + ' s.';
    }
  }

  async function refreshMetrics() {
    const to = new Date();
    const from = new Date(to.getTime() - METRICS_DAYS * 86400000);
    try {
      const metrics = await getJson('/api/reports/metrics?from=' + encodeURIComponent(from.toISOString()) +
        '&to=' + encodeURIComponent(to.toISOString()));
      metricsBody.replaceChildren(
        el('p', { class: 'rb-note' }, metrics.incidents + ' incidents, ' + metrics.drillsExcluded + ' drills excluded.'),
        metricsCharts(metrics));
    } catch (error) {
      metricsBody.replaceChildren(el('p', { class: 'rb-idle rb-metrics-unavailable' }, 'Metrics unavailable (' + error.message + ').'));
    }
  }

  refreshBoard();
  refreshMetrics();
  const timers = [setInterval(refreshBoard, REFRESH_MS), setInterval(refreshMetrics, METRICS_REFRESH_MS)];
  return () => timers.forEach(clearInterval);
}

let stop = null;

export default {
  id: 'runbook-incident-board',
  pluginPoint: 'cockpit.dashboard',
  priority: 100,
  render: (node, { api }) => {
    if (stop) stop();
    stop = mount(node, (api && api.engine) || 'default');
  },
  unmount: () => {
    if (stop) stop();
    stop = null;
  }
};
