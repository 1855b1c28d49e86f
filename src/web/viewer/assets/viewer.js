// The sky viewer's browser script: Aladin Lite (served from this origin) showing our HiPS, the
// catalog from a TAP cone query around the view, SIA image footprints, and a row panel with a
// SODA cutout link for a clicked object. Optional services that are absent are reported, not retried.
import A from './aladin.js';

const root = document.getElementById('viewer');
const cfg = root.dataset;
const statusLine = document.getElementById('status');
const panel = document.getElementById('object');
const select = document.getElementById('hips-select');
const origin = window.location.origin;

/** Services seen missing (404/501) are not asked again in this page's life. */
const absent = new Set();
const status = {};

function showStatus() {
  statusLine.textContent = Object.entries(status).map(([k, v]) => `${k}: ${v}`).join(' · ');
}

function setStatus(key, text) {
  status[key] = text;
  showStatus();
}

function parseProperties(text) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes('=')) continue;
    const i = line.indexOf('=');
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

async function hipsList() {
  const res = await fetch('/hips/hipslist');
  if (!res.ok) return [];
  const text = await res.text();
  return text.split(/\n\s*\n/).map(parseProperties).filter((p) => p.hips_service_url);
}

/** Minimal CSV reader for TAP results (RFC 4180 quoting). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fetches an optional service; null (and a status note) when it is not there. */
async function optionalFetch(key, url) {
  if (absent.has(key)) return null;
  let res;
  try {
    res = await fetch(url);
  } catch {
    setStatus(key, 'unreachable');
    return null;
  }
  if (res.status === 404 || res.status === 501 || res.status === 405) {
    absent.add(key);
    setStatus(key, 'not available on this server');
    return null;
  }
  if (!res.ok) {
    setStatus(key, `error ${res.status}`);
    return null;
  }
  return res;
}

const footprints = [];

function pointInPolygon(ra, dec, poly) {
  // Small polygons: a planar test in (ra·cos dec, dec) around the point.
  const c = Math.cos((dec * Math.PI) / 180);
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const xi = (((poly[i][0] - ra + 540) % 360) - 180) * c;
    const xj = (((poly[j][0] - ra + 540) % 360) - 180) * c;
    const yi = poly[i][1] - dec;
    const yj = poly[j][1] - dec;
    if ((yi > 0) !== (yj > 0) && 0 < ((xj - xi) * (0 - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function showObject(data, ra, dec) {
  const rows = Object.entries(data).filter(([k]) => k !== 'ra' && k !== 'dec')
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  const image = footprints.find((f) => pointInPolygon(ra, dec, f.polygon));
  const radius = 10 / 3600;
  const cutout = image
    ? `<a id="soda-link" href="${esc(`${cfg.soda}?ID=${encodeURIComponent(image.id)}&CIRCLE=${ra} ${dec} ${radius}`)}">SODA cutout (20″) of ${esc(image.id)}</a>`
    : '<span id="soda-link">no image footprint here (SIA not available or not loaded)</span>';
  panel.innerHTML = `<table><tr><th>ra</th><td>${ra.toFixed(6)}</td></tr><tr><th>dec</th><td>${dec.toFixed(6)}</td></tr>${rows}</table>${cutout}`;
}

async function start() {
  await A.init;
  const list = await hipsList();
  const wanted = new URLSearchParams(window.location.search).get('hips') ?? cfg.defaultHips;
  const chosen = list.find((p) => p.hips_service_url.endsWith(`/hips/${wanted}`)) ?? list[0];
  if (!chosen) {
    setStatus('HiPS', 'none built yet (run hsc-vo hips build)');
    return;
  }
  for (const p of list) {
    const opt = document.createElement('option');
    opt.value = p.hips_service_url;
    opt.textContent = p.obs_title ?? p.hips_service_url;
    opt.selected = p === chosen;
    select.append(opt);
  }
  // Our own absolute URL: a relative one makes Aladin Lite ask the CDS MocServer first.
  const surveyUrl = (p) => `${origin}${new URL(p.hips_service_url).pathname}`;
  const aladin = A.aladin('#aladin', {
    survey: surveyUrl(chosen),
    target: `${chosen.hips_initial_ra} ${chosen.hips_initial_dec}`,
    fov: Number(cfg.fov || chosen.hips_initial_fov || 1),
    log: false,
    samp: false,
    hipsList: [],
    showReticle: false,
    showCooGridControl: false,
    showProjectionControl: false,
    showSimbadPointerControl: false,
    showFullscreenControl: false,
    showLayersControl: false,
  });
  window.hscViewer = { aladin, status };
  setStatus('HiPS', chosen.obs_title ?? 'loaded');
  select.addEventListener('change', () => {
    const p = list.find((x) => x.hips_service_url === select.value);
    if (p) aladin.setImageSurvey(surveyUrl(p));
  });

  const catalog = A.catalog({ name: 'HSC objects', sourceSize: 12, color: '#ffcc00', onClick: (s) => showObject(s.data, s.ra, s.dec) });
  aladin.addCatalog(catalog);
  const overlay = A.graphicOverlay({ color: '#44aaff', lineWidth: 1, name: 'SIA images' });
  aladin.addOverlay(overlay);
  aladin.on('objectClicked', (obj) => { if (obj && obj.data) showObject(obj.data, obj.ra, obj.dec); });

  let timer;
  let generation = 0;
  const refresh = async () => {
    const g = ++generation;
    const [ra, dec] = aladin.getRaDec();
    const fov = Math.max(...aladin.getFov());
    if (fov > 2) {
      setStatus('catalog', 'zoom in below 2° to load objects');
      return;
    }
    const r = Math.min(1, fov / 2 * Math.SQRT2);
    await Promise.all([loadCatalog(g, ra, dec, r), loadFootprints(g, ra, dec, r)]);
  };
  const loadCatalog = async (g, ra, dec, r) => {
    // The brightest unique (primary) objects in the view: TOP alone would give the table's first
    // rows, which are dominated by the duplicated objects of patch overlaps.
    const adql = `SELECT TOP ${cfg.maxrec} object_id, ra, dec, i_cmodel_mag FROM ${cfg.table} ` +
      `WHERE isprimary = 1 AND CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', ${ra.toFixed(6)}, ${dec.toFixed(6)}, ${r.toFixed(6)})) = 1 ` +
      'ORDER BY i_cmodel_mag';
    const url = `${cfg.tap}?REQUEST=doQuery&LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent(adql)}`;
    const res = await optionalFetch('catalog', url);
    if (!res || g !== generation) return;
    const [head, ...rows] = parseCsv(await res.text());
    if (!head) return;
    const iRa = head.indexOf('ra');
    const iDec = head.indexOf('dec');
    catalog.removeAll();
    catalog.addSources(rows.filter((row) => row.length === head.length).map((row) =>
      A.source(Number(row[iRa]), Number(row[iDec]), Object.fromEntries(head.map((h, i) => [h, row[i]])))));
    setStatus('catalog', `${rows.length} objects`);
  };
  const loadFootprints = async (g, ra, dec, r) => {
    const url = `${cfg.sia}?POS=${encodeURIComponent(`CIRCLE ${ra} ${dec} ${r}`)}&MAXREC=200`;
    const res = await optionalFetch('images', url);
    if (!res || g !== generation) return;
    const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
    const names = [...doc.getElementsByTagName('FIELD')].map((f) => f.getAttribute('name'));
    const iRegion = names.indexOf('s_region');
    const iId = names.indexOf('obs_publisher_did');
    overlay.removeAll();
    footprints.length = 0;
    for (const tr of doc.getElementsByTagName('TR')) {
      const tds = [...tr.getElementsByTagName('TD')].map((td) => td.textContent ?? '');
      const nums = (tds[iRegion] ?? '').split(/\s+/).map(Number).filter((n) => Number.isFinite(n));
      if (nums.length < 6) continue;
      const polygon = [];
      for (let i = 0; i + 1 < nums.length; i += 2) polygon.push([nums[i], nums[i + 1]]);
      footprints.push({ id: tds[iId] ?? '', polygon });
      overlay.add(A.polygon(polygon));
    }
    setStatus('images', `${footprints.length} footprints`);
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(refresh, 500); };
  aladin.on('positionChanged', schedule);
  aladin.on('zoomChanged', schedule);
  schedule();
  root.dataset.ready = 'true';
}

start().catch((e) => {
  setStatus('viewer', `failed: ${e && e.message ? e.message : e}`);
  console.error(e);
});
