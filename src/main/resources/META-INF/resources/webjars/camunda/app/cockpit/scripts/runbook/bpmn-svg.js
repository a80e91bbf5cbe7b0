// A read-only BPMN diagram drawn as SVG from the model's BPMN DI (shapes, edges, labels), for the
// incident history page. Cockpit bundles bpmn-js, but a custom script cannot reach its viewer class
// (it is inside Cockpit's webpack bundle and only handed to diagram-overlay plugins of Cockpit's own
// pages), and Runbook has no Node build step; so this draws what the replay needs: every shape in its
// place with its name, every flow, and a class per element id that the page sets to mark elements
// active, completed or current. All names from the model go in as text nodes, never as markup.

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';
const SVG = 'http://www.w3.org/2000/svg';

const TASKS = new Set(['task', 'userTask', 'serviceTask', 'scriptTask', 'sendTask', 'receiveTask', 'manualTask',
  'businessRuleTask', 'callActivity']);
const EVENTS = new Set(['startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent']);
const GATEWAYS = new Set(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'complexGateway']);
const TASK_MARKS = { userTask: 'user', serviceTask: 'service', scriptTask: 'script', sendTask: 'send',
  receiveTask: 'receive', manualTask: 'manual', businessRuleTask: 'rule', callActivity: 'call' };

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function bounds(node) {
  const b = node && node.getElementsByTagNameNS(DC, 'Bounds')[0];
  if (!b) return null;
  return { x: +b.getAttribute('x'), y: +b.getAttribute('y'), w: +b.getAttribute('width'), h: +b.getAttribute('height') };
}

/** The semantic elements by id: kind (local name), name, event definition and a few attributes. */
function semantics(doc) {
  const byId = new Map();
  const categoryValues = new Map();
  for (const value of doc.getElementsByTagNameNS(BPMN, 'categoryValue')) {
    categoryValues.set(value.getAttribute('id'), value.getAttribute('value'));
  }
  for (const node of doc.getElementsByTagNameNS(BPMN, '*')) {
    const id = node.getAttribute('id');
    if (!id) continue;
    let name = node.getAttribute('name');
    if (node.localName === 'group') name = categoryValues.get(node.getAttribute('categoryValueRef')) || null;
    if (node.localName === 'textAnnotation') {
      const text = node.getElementsByTagNameNS(BPMN, 'text')[0];
      name = text ? text.textContent : '';
    }
    const definition = Array.from(node.children).find((c) => c.namespaceURI === BPMN && c.localName.endsWith('EventDefinition'));
    byId.set(id, {
      id, kind: node.localName, name,
      eventDefinition: definition ? definition.localName.replace('EventDefinition', '') : null,
      triggeredByEvent: node.getAttribute('triggeredByEvent') === 'true',
      interrupting: node.getAttribute('cancelActivity') !== 'false' && node.getAttribute('isInterrupting') !== 'false'
    });
  }
  return byId;
}

/** Words wrapped into lines of at most `width` pixels (about 6.2 px a character at 11 px). */
function wrap(text, width) {
  const max = Math.max(4, Math.floor(width / 6.2));
  const lines = [];
  let line = '';
  for (const word of String(text || '').split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + ' ' + word : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function label(text, cx, top, width, attributes) {
  const lines = wrap(text, width);
  const node = svg('text', Object.assign({ class: 'rb-label', x: cx, y: top, 'text-anchor': 'middle' }, attributes || {}));
  lines.forEach((line, i) => node.appendChild(svg('tspan', { x: cx, dy: i === 0 ? 0 : 13 }, line)));
  return { node, height: lines.length * 13 };
}

function eventIcon(group, definition, cx, cy, r) {
  const s = r * 0.55;
  switch (definition) {
    case 'timer': {
      group.appendChild(svg('circle', { cx, cy, r: s, class: 'rb-icon' }));
      group.appendChild(svg('path', { d: `M${cx},${cy - s * 0.8} L${cx},${cy} L${cx + s * 0.6},${cy}`, class: 'rb-icon' }));
      break;
    }
    case 'message':
      group.appendChild(svg('rect', { x: cx - s, y: cy - s * 0.65, width: 2 * s, height: 1.3 * s, class: 'rb-icon' }));
      group.appendChild(svg('path', { d: `M${cx - s},${cy - s * 0.65} L${cx},${cy + s * 0.1} L${cx + s},${cy - s * 0.65}`, class: 'rb-icon' }));
      break;
    case 'terminate':
      group.appendChild(svg('circle', { cx, cy, r: s, class: 'rb-icon-filled' }));
      break;
    case 'error':
      group.appendChild(svg('path', { d: `M${cx - s},${cy + s} L${cx - s * 0.4},${cy - s} L${cx + s * 0.2},${cy + s * 0.2} L${cx + s},${cy - s * 0.9} L${cx + s * 0.5},${cy + s} L${cx - s * 0.1},${cy - s * 0.2} Z`, class: 'rb-icon' }));
      break;
    case 'conditional':
      group.appendChild(svg('rect', { x: cx - s * 0.7, y: cy - s * 0.8, width: s * 1.4, height: s * 1.6, class: 'rb-icon' }));
      for (let i = -1; i <= 1; i++) {
        group.appendChild(svg('path', { d: `M${cx - s * 0.45},${cy + i * s * 0.45} L${cx + s * 0.45},${cy + i * s * 0.45}`, class: 'rb-icon' }));
      }
      break;
    case 'signal':
    case 'escalation':
    case 'compensate':
    case 'link':
      group.appendChild(svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', class: 'rb-label' }, definition[0].toUpperCase()));
      break;
    default:
  }
}

function gatewayIcon(group, kind, cx, cy, size) {
  const s = size * 0.22;
  switch (kind) {
    case 'exclusiveGateway':
      group.appendChild(svg('path', { d: `M${cx - s},${cy - s} L${cx + s},${cy + s} M${cx + s},${cy - s} L${cx - s},${cy + s}`, class: 'rb-icon-bold' }));
      break;
    case 'parallelGateway':
      group.appendChild(svg('path', { d: `M${cx},${cy - s * 1.3} L${cx},${cy + s * 1.3} M${cx - s * 1.3},${cy} L${cx + s * 1.3},${cy}`, class: 'rb-icon-bold' }));
      break;
    case 'inclusiveGateway':
      group.appendChild(svg('circle', { cx, cy, r: s * 1.2, class: 'rb-icon-bold' }));
      break;
    case 'eventBasedGateway': {
      group.appendChild(svg('circle', { cx, cy, r: s * 1.5, class: 'rb-icon' }));
      group.appendChild(svg('circle', { cx, cy, r: s * 1.2, class: 'rb-icon' }));
      const p = [0, 1, 2, 3, 4].map((i) => {
        const a = -Math.PI / 2 + i * 2 * Math.PI / 5;
        return (cx + Math.cos(a) * s * 0.8).toFixed(1) + ',' + (cy + Math.sin(a) * s * 0.8).toFixed(1);
      });
      group.appendChild(svg('polygon', { points: p.join(' '), class: 'rb-icon' }));
      break;
    }
    default:
  }
}

/**
 * Draws the diagram of `xml` into a new <svg>. Returns { svg, elements: Map(id -> <g>), missing }
 * where each <g> carries data-element-id and takes the classes rb-active / rb-completed / rb-current.
 */
export function renderBpmn(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('the BPMN XML does not parse');
  const byId = semantics(doc);
  const shapes = Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNShape'));
  const edges = Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNEdge'));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const grow = (x, y) => { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); };

  const root = svg('svg', { class: 'rb-bpmn', role: 'img' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'rb-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' });
  marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 Z', class: 'rb-arrow' }));
  defs.appendChild(marker);
  root.appendChild(defs);
  const layers = { containers: svg('g'), edges: svg('g'), shapes: svg('g'), labels: svg('g') };
  Object.values(layers).forEach((layer) => root.appendChild(layer));
  const elements = new Map();

  // Containers first (largest first), so the shapes inside them stay on top.
  const drawn = shapes.map((shape) => ({ shape, b: bounds(shape), el: byId.get(shape.getAttribute('bpmnElement')) }))
    .filter((s) => s.b && s.el);
  drawn.sort((a, b) => (b.b.w * b.b.h) - (a.b.w * a.b.h));
  for (const { shape, b, el } of drawn) {
    grow(b.x, b.y);
    grow(b.x + b.w, b.y + b.h);
    const g = svg('g', { class: 'rb-el rb-' + el.kind, 'data-element-id': el.id });
    g.appendChild(svg('title', {}, (el.name ? el.name + ' ' : '') + '(' + el.id + ')'));
    const cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    const lbl = bounds(shape.getElementsByTagNameNS(BPMNDI, 'BPMNLabel')[0]);
    if (el.kind === 'group') {
      g.appendChild(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 10, class: 'rb-group-frame' }));
      if (el.name) g.appendChild(svg('text', { x: b.x + 8, y: b.y + 15, class: 'rb-group-name' }, el.name));
      layers.containers.appendChild(g);
    } else if (el.kind === 'subProcess' || el.kind === 'transaction' || el.kind === 'participant' || el.kind === 'lane') {
      g.appendChild(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: el.kind === 'subProcess' ? 10 : 0,
        class: 'rb-shape rb-container' + (el.triggeredByEvent ? ' rb-dotted' : '') }));
      if (el.name) g.appendChild(svg('text', { x: b.x + 8, y: b.y + 16, class: 'rb-label' }, el.name));
      layers.containers.appendChild(g);
    } else if (TASKS.has(el.kind)) {
      g.appendChild(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 10,
        class: 'rb-shape' + (el.kind === 'callActivity' ? ' rb-thick' : '') }));
      if (TASK_MARKS[el.kind]) g.appendChild(svg('text', { x: b.x + 6, y: b.y + 12, class: 'rb-kind' }, TASK_MARKS[el.kind]));
      if (el.kind === 'callActivity') {
        g.appendChild(svg('rect', { x: cx - 7, y: b.y + b.h - 16, width: 14, height: 14, class: 'rb-icon' }));
        g.appendChild(svg('path', { d: `M${cx - 4},${b.y + b.h - 9} L${cx + 4},${b.y + b.h - 9} M${cx},${b.y + b.h - 13} L${cx},${b.y + b.h - 5}`, class: 'rb-icon' }));
      }
      const lines = wrap(el.name || el.id, b.w - 10).length;
      g.appendChild(label(el.name || el.id, cx, cy - lines * 13 / 2 + 10, b.w - 10).node);
      layers.shapes.appendChild(g);
    } else if (EVENTS.has(el.kind)) {
      const r = Math.min(b.w, b.h) / 2;
      const cls = el.kind === 'endEvent' ? 'rb-shape rb-end' : 'rb-shape' + (el.kind === 'boundaryEvent' && !el.interrupting ? ' rb-dashed' : '');
      g.appendChild(svg('circle', { cx, cy, r, class: cls }));
      if (el.kind.startsWith('intermediate') || el.kind === 'boundaryEvent') {
        g.appendChild(svg('circle', { cx, cy, r: r - 3, class: 'rb-inner' + (el.kind === 'boundaryEvent' && !el.interrupting ? ' rb-dashed' : '') }));
      }
      eventIcon(g, el.eventDefinition, cx, cy, r);
      layers.shapes.appendChild(g);
      if (el.name) {
        const at = lbl || { x: b.x - 30, y: b.y + b.h + 4, w: b.w + 60, h: 14 };
        const text = label(el.name, at.x + at.w / 2, at.y + 10, Math.max(at.w, 60));
        layers.labels.appendChild(text.node);
        grow(at.x, at.y + text.height + 4);
      }
    } else if (GATEWAYS.has(el.kind)) {
      g.appendChild(svg('polygon', { points: `${cx},${b.y} ${b.x + b.w},${cy} ${cx},${b.y + b.h} ${b.x},${cy}`, class: 'rb-shape' }));
      gatewayIcon(g, el.kind, cx, cy, b.w);
      layers.shapes.appendChild(g);
      if (el.name) {
        const at = lbl || { x: b.x - 30, y: b.y + b.h + 4, w: b.w + 60, h: 14 };
        const text = label(el.name, at.x + at.w / 2, at.y + 10, Math.max(at.w, 60));
        layers.labels.appendChild(text.node);
        grow(at.x, at.y + text.height + 4);
      }
    } else if (el.kind === 'textAnnotation') {
      g.appendChild(svg('path', { d: `M${b.x + 10},${b.y} L${b.x},${b.y} L${b.x},${b.y + b.h} L${b.x + 10},${b.y + b.h}`, class: 'rb-annotation' }));
      g.appendChild(label(el.name, b.x + 6, b.y + 14, b.w - 8, { 'text-anchor': 'start' }).node);
      layers.labels.appendChild(g);
    } else {
      g.appendChild(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, class: 'rb-shape' }));
      layers.shapes.appendChild(g);
    }
    elements.set(el.id, g);
  }

  for (const edge of edges) {
    const el = byId.get(edge.getAttribute('bpmnElement'));
    const points = Array.from(edge.getElementsByTagNameNS(DI, 'waypoint')).map((p) => [+p.getAttribute('x'), +p.getAttribute('y')]);
    if (!el || points.length < 2) continue;
    points.forEach(([x, y]) => grow(x, y));
    const d = points.map(([x, y], i) => (i === 0 ? 'M' : 'L') + x + ',' + y).join(' ');
    const g = svg('g', { class: 'rb-flow rb-' + el.kind, 'data-element-id': el.id });
    const flow = el.kind === 'sequenceFlow' || el.kind === 'messageFlow';
    g.appendChild(svg('path', { d, class: flow ? 'rb-edge' : 'rb-edge rb-association', 'marker-end': flow ? 'url(#rb-arrow)' : null }));
    if (el.name) {
      const lbl = bounds(edge.getElementsByTagNameNS(BPMNDI, 'BPMNLabel')[0]);
      const [x, y] = lbl ? [lbl.x + lbl.w / 2, lbl.y + 10] : points[0];
      g.appendChild(label(el.name, x, y, lbl ? Math.max(lbl.w, 50) : 90, { class: 'rb-label rb-flow-label' }).node);
    }
    layers.edges.appendChild(g);
    elements.set(el.id, g);
  }

  if (!Number.isFinite(minX)) throw new Error('the model has no diagram (BPMN DI)');
  const pad = 20;
  const width = maxX - minX + 2 * pad, height = maxY - minY + 2 * pad;
  root.setAttribute('viewBox', [minX - pad, minY - pad, width, height].join(' '));
  root.setAttribute('data-width', String(Math.round(width)));
  root.setAttribute('data-height', String(Math.round(height)));
  return { svg: root, elements, width, height };
}

/** The CSS for diagrams drawn by renderBpmn, scoped under `scope`. */
export function bpmnStyle(scope) {
  return `
${scope} .rb-bpmn { display: block; font-family: Arial, sans-serif; }
${scope} .rb-bpmn .rb-shape { fill: #fff; stroke: #333; stroke-width: 1.5; }
${scope} .rb-bpmn .rb-container { fill: none; }
${scope} .rb-bpmn .rb-thick { stroke-width: 3; }
${scope} .rb-bpmn .rb-end { stroke-width: 4; }
${scope} .rb-bpmn .rb-inner { fill: none; stroke: #333; stroke-width: 1; }
${scope} .rb-bpmn .rb-dashed { stroke-dasharray: 5 3; }
${scope} .rb-bpmn .rb-dotted { stroke-dasharray: 2 3; }
${scope} .rb-bpmn .rb-icon { fill: none; stroke: #333; stroke-width: 1.2; }
${scope} .rb-bpmn .rb-icon-bold { fill: none; stroke: #333; stroke-width: 3; }
${scope} .rb-bpmn .rb-icon-filled { fill: #333; }
${scope} .rb-bpmn .rb-label { font-size: 11px; fill: #222; }
${scope} .rb-bpmn .rb-flow-label { font-size: 10px; fill: #555; }
${scope} .rb-bpmn .rb-kind { font-size: 8px; fill: #888; text-transform: uppercase; }
${scope} .rb-bpmn .rb-group-frame { fill: none; stroke: #8aa4c8; stroke-width: 1.5; stroke-dasharray: 8 4 2 4; }
${scope} .rb-bpmn .rb-group-name { font-size: 12px; font-weight: bold; fill: #51709b; }
${scope} .rb-bpmn .rb-annotation { fill: none; stroke: #666; }
${scope} .rb-bpmn .rb-edge { fill: none; stroke: #555; stroke-width: 1.3; }
${scope} .rb-bpmn .rb-association { stroke-dasharray: 2 3; }
${scope} .rb-bpmn .rb-arrow { fill: #555; }
${scope} .rb-bpmn .rb-completed .rb-shape { fill: #d6d6d6; stroke: #777; }
${scope} .rb-bpmn .rb-completed.rb-group .rb-group-frame, ${scope} .rb-bpmn .rb-completed.rb-subProcess .rb-shape { fill: #f1f1f1; }
${scope} .rb-bpmn .rb-active .rb-shape { fill: #e3f4e4; stroke: #2e7d32; stroke-width: 4; }
${scope} .rb-bpmn .rb-active.rb-subProcess .rb-shape { fill: none; }
${scope} .rb-bpmn .rb-current .rb-shape { stroke: #1565c0; stroke-width: 5; }
${scope} .rb-bpmn .rb-current .rb-edge { stroke: #1565c0; stroke-width: 3; }
`;
}
