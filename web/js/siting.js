// Siting scenarios (POST /api/analysis/siting): a short run answers at once and is saved as a scenario; a long
// one (or one sent to the background) answers 202 with a job that is polled for its progress and may be
// cancelled. A result shows the chosen sites, the residential areas each serves and coverage before/after.
// Saved scenarios are listed, reopened, deleted, and compared two at a time (GET …/scenarios/compare).
import { api, query } from './api.js';
import { signInNeeded } from './auth.js';
import * as words from './labels.js';
import { session } from './session.js';
import { checkbox, select } from './public.js';
import { figure, fmt, h, notProvided, replace, section, showError } from './ui.js';

const COLOURS = { a: '#1d4ed8', b: '#ea580c', shared: '#7c3aed' };
const SITE_COLOURS = ['#1d4ed8', '#ea580c', '#059669', '#c026d3', '#b45309', '#0891b2', '#dc2626', '#4d7c0f'];
const POLL_MS = 500;
const SCENARIO_PAGE = 50;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const siteCount = (result) => result.sites?.features?.length ?? 0;
const optimality = (r) => (r.optimal ? '已证明最优' : r.gap !== undefined && r.gap !== null ? `≤ ${fmt.pct(r.gap)}` : '未知');
const solverText = (r) => `${words.word(words.sitingMethods, r.method)} · ${r.solver}`;

export function createSiting({ ctx, settings, layer, getWhatIfPoints, getAreas, getInstitutions }) {
  const name = h('input', { type: 'text', id: 'siting-name', value: '', placeholder: '留空则按参数命名', maxLength: 200 });
  const model = select('siting-model', '模型', words.sitingModels, 'mclp');
  const source = select('siting-source', '候选位置', words.candidateSources, 'parcels');
  const solver = select('siting-solver', '求解方式', words.sitingSolvers, 'auto');
  const p = h('input', { type: 'number', id: 'siting-p', min: 1, max: 200, value: 3 });
  const capacity = h('input', { type: 'number', id: 'siting-capacity', min: 1, max: 10000, value: 80, step: 10 });
  const timeLimit = h('input', { type: 'number', id: 'siting-time-limit', min: 1, max: 3600, value: 5 });
  const background = checkbox('siting-async', '后台运行（可查看进度、可取消）', false);
  const run = h('button', { type: 'button', id: 'siting-run', class: 'primary', onclick: () => runSiting() }, '运行选址');
  const cancel = h('button', { type: 'button', id: 'siting-cancel', hidden: true }, '取消运行');
  const status = h('p', { class: 'hint', id: 'siting-status', role: 'status' });
  const bar = h('progress', { id: 'siting-progress', max: 1, value: 0, hidden: true });
  const resultBox = h('div', { id: 'siting-result' });
  const scenarios = h('div', { id: 'scenarios' });
  const comparison = h('div', { id: 'scenario-compare' });

  const access = h('div', { id: 'siting-access' });
  const controls = h('div', { id: 'siting-controls' },
    h('label', { class: 'field', for: 'siting-name' }, h('span', {}, '方案名称'), name),
    h('div', { class: 'row' }, model.label, source.label),
    h('div', { class: 'row' }, h('label', { class: 'field', for: 'siting-p' }, h('span', {}, '新增机构数 p'), p),
      h('label', { class: 'field', for: 'siting-capacity' }, h('span', {}, '每处托位'), capacity)),
    h('div', { class: 'row' }, solver.label,
      h('label', { class: 'field', for: 'siting-time-limit' }, h('span', {}, '时限（秒）'), timeLimit)),
    background.label,
    h('p', { class: 'hint' }, '服务半径取“分析设置”；“地图上选点”以假设分析中添加的机构为候选；精确求解时限超过 5 秒自动转入后台。'),
    h('div', { class: 'row' }, run, cancel), bar, status, resultBox,
    h('h3', {}, '已保存的方案'), scenarios, comparison);
  const panel = section('选址方案', access, controls);
  const allowed = () => session.can('plan');

  const setStatus = (text, fraction) => {
    status.textContent = text;
    bar.hidden = fraction === undefined;
    if (fraction !== undefined) bar.value = fraction;
  };
  const syncModel = () => { p.disabled = model.input.value === 'lscp'; }; // set covering chooses how many
  model.input.addEventListener('change', syncModel);
  syncModel();

  /** Siting runs and saved scenarios are the planners': anyone else sees which sign-in they need. */
  function refreshAccess() {
    controls.hidden = !allowed();
    replace(access, allowed() ? null : signInNeeded('plan', '选址方案', 'siting-sign-in'));
    if (!allowed()) { layer.clearLayers(); replace(resultBox); replace(scenarios); replace(comparison); setStatus(''); }
  }

  function request() {
    const body = {
      name: name.value.trim() || undefined, district: ctx.districtCode, model: model.input.value,
      p: model.input.value === 'lscp' ? undefined : Number(p.value), radius_m: settings.radius,
      candidate_source: source.input.value, capacity: Number(capacity.value), time_limit_s: Number(timeLimit.value),
      solver: solver.input.value, async: background.input.checked,
    };
    if (body.candidate_source === 'points') body.points = getWhatIfPoints();
    return body;
  }

  async function runSiting() {
    const body = request();
    if (body.points && !body.points.length) return showError('请先在“假设分析”中用“添加机构”在地图上放置候选点', '选址');
    run.disabled = true;
    setStatus('正在求解…');
    try {
      const answer = await api('/api/analysis/siting', { method: 'POST', body });
      const result = answer?.job_id ? await watch(answer) : answer;
      if (!result) return;
      showResult(result);
      setStatus(`已保存为方案“${result.name}”`);
      await loadScenarios();
    } catch (error) {
      setStatus('');
      if (error.notProvided) replace(resultBox, notProvided('选址'));
      else showError(error, '选址');
    } finally {
      run.disabled = false;
      cancel.hidden = true;
    }
  }

  /**
   * Polls a background run until it succeeds (resolves to its result), is cancelled (null) or fails (throws).
   * A cancel that comes too late (409: the run has finished) lets the result through.
   */
  async function watch(accepted) {
    const url = accepted.status_url ?? `/api/analysis/siting/jobs/${accepted.job_id}`;
    cancel.hidden = false;
    cancel.disabled = false;
    cancel.onclick = async () => {
      cancel.disabled = true;
      try {
        await api(url, { method: 'DELETE' });
        setStatus('正在取消…');
      } catch (error) {
        if (error.status === 409) setStatus('运行已结束，无法取消；正在读取结果…');
        else { cancel.disabled = false; showError(error, '取消选址'); }
      }
    };
    for (;;) {
      const job = await api(url);
      if (job.status === 'succeeded') return job.result;
      if (job.status === 'cancelled') { setStatus('已取消：未保存方案'); return null; }
      if (job.status === 'failed') throw new Error(`运行失败，未保存方案：${job.error ?? '原因不明'}`);
      const stage = job.progress ? `${words.word(words.sitingStages, job.progress.stage)}，已选 ${job.progress.sites_chosen} 处` : '';
      setStatus(`${words.word(words.jobStatuses, job.status)}${job.cancel_requested ? '（正在取消）' : ''}${stage ? ` · ${stage}` : ''}`,
        job.progress?.fraction ?? 0);
      await sleep(POLL_MS);
    }
  }

  /** Where a site's marker goes (a site is a point; a cost-matrix problem has none). */
  const siteLatLng = (f) => (f.geometry?.type === 'Point' ? L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) : null);
  const areaCentre = (f) => (f.geometry.type === 'Point' ? L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) : L.geoJSON(f).getBounds().getCenter());

  /**
   * The residential areas each new site serves, for the map: as the solver assigns them, each area with demand
   * goes to its nearest new site — within the radius in the coverage models, nearer than every existing
   * institution in p-median. Areas are read from the coverage shown, so the lines illustrate; the figures are the API's.
   */
  function servedAreas(result, sites) {
    const areas = getAreas()?.features ?? [];
    const unreachable = new Set(result.unreachable_demand ?? []);
    const existing = result.model === 'p_median' ? getInstitutions().map((f) => L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0])) : [];
    const served = sites.map(() => []);
    for (const f of areas) {
      const weight = result.model === 'p_median' ? f.properties.required_slots : f.properties.gap;
      if (!(weight > 0) || unreachable.has(String(f.id))) continue;
      const centre = areaCentre(f);
      let best = -1;
      let distance = Infinity;
      sites.forEach((at, j) => {
        const d = at ? centre.distanceTo(at) : Infinity;
        if (d < distance) { best = j; distance = d; }
      });
      const reached = result.model === 'p_median' ? existing.every((e) => centre.distanceTo(e) > distance) : distance <= result.radius_m;
      if (best >= 0 && reached) served[best].push({ name: f.properties.name, centre, weight });
    }
    return served;
  }

  /** Draws a scenario's sites (numbered markers, catchment, lines to the areas served); returns their positions. */
  function drawSites(result, { colourOf, labelOf, skip = () => false, links = true }) {
    const features = result.sites?.features ?? [];
    const at = features.map(siteLatLng);
    const served = links ? servedAreas(result, at) : features.map(() => []);
    features.forEach((f, i) => {
      if (!at[i] || skip(f)) return;
      const colour = colourOf(f, i);
      const props = f.properties;
      served[i].forEach((area) => L.polyline([area.centre, at[i]], { className: 'served-link', color: colour, weight: 3, opacity: 0.9, interactive: false }).addTo(layer));
      served[i].forEach((area) => L.circleMarker(area.centre, { className: 'served-area', radius: 6, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1 })
        .bindTooltip(h('span', {}, h('strong', {}, area.name), h('br'), `由 ${labelOf(f, i)} 服务 · 需求 ${fmt.num(area.weight)} 托位`)).addTo(layer));
      L.circle(at[i], { radius: result.radius_m, color: colour, weight: 2, dashArray: '6 4', fillColor: colour, fillOpacity: 0.1, interactive: false }).addTo(layer);
      const label = labelOf(f, i);
      const width = Math.max(26, label.length * 8 + 10);
      L.marker(at[i], { zIndexOffset: 1000, icon: L.divIcon({ className: 'poi site', html: `<span style="background:${colour}">${label}</span>`, iconSize: [width, 26] }) })
        .bindTooltip(h('span', {}, h('strong', {}, `${labelOf(f, i)} ${props.name}`), h('br'),
          `服务需求 ${fmt.num(props.served_demand)} 托位 · ${props.demand_points_served} 个居住区`, h('br'),
          `新增托位 ${fmt.int(props.capacity)}${props.parcel_code ? ` · 地块 ${props.parcel_code}` : ''}`))
        .addTo(layer);
    });
    return at.filter(Boolean);
  }

  function showResult(result) {
    layer.clearLayers();
    replace(comparison);
    const at = drawSites(result, { colourOf: (f, i) => SITE_COLOURS[i % SITE_COLOURS.length], labelOf: (f, i) => String(i + 1) });
    const unreachable = result.unreachable_demand?.length ?? 0;
    replace(resultBox, h('div', { class: 'siting-result', dataset: { scenario: result.id ?? '' } },
      h('p', {}, h('strong', {}, result.name), ` · ${words.word(words.sitingModels, result.model)} · 半径 ${fmt.metres(result.radius_m)}`),
      h('div', { class: 'figures' },
        figure('sites', '新增机构', siteCount(result)),
        figure('objective', words.word(words.sitingObjectives, result.model), fmt.num(result.objective)),
        figure('optimality', '与最优差距', optimality(result), result.bound !== null && result.bound !== undefined ? `界 ${fmt.num(result.bound)}` : null),
        figure('solver', '求解', `${fmt.int(result.time_ms)} ms`, `${solverText(result)} · ${result.candidates} 个候选`)),
      coverageTable(result),
      unreachable ? h('p', { class: 'hint', id: 'siting-unreachable' }, `${unreachable} 个居住区在半径内没有任何候选位置，不计入目标值。`) : null,
      h('ol', { class: 'sites', id: 'siting-sites' }, (result.sites?.features ?? []).map((f, i) => h('li', { dataset: { candidate: f.properties.candidate_id } },
        h('button', { type: 'button', class: 'link', onclick: () => at[i] && ctx.map.setView(siteLatLng(f), Math.max(ctx.map.getZoom(), 16)) },
          h('span', { class: 'swatch fill', style: `--c:${SITE_COLOURS[i % SITE_COLOURS.length]}` }), ` ${f.properties.name}`),
        h('small', {}, ` ${words.word(words.siteSources, f.properties.source)}${f.properties.parcel_code ? ` ${f.properties.parcel_code}` : ''}`),
        h('br'),
        h('small', { class: 'served' }, `服务需求 ${fmt.num(f.properties.served_demand)} 托位 · ${f.properties.demand_points_served} 个居住区 · 新增托位 ${fmt.int(f.properties.capacity)}`)))),
      h('p', { class: 'hint' }, '地图上的连线连接每处新址与它服务的居住区（有缺口的居住区归最近的新址），虚线圈为服务半径。')));
    if (at.length) ctx.map.fitBounds(L.latLngBounds(at).pad(0.4), { maxZoom: 15 });
    resultBox.scrollIntoView({ block: 'start' });
  }

  async function reopen(id) {
    try {
      showResult(await api(`/api/analysis/scenarios/${encodeURIComponent(id)}`));
      setStatus('');
    } catch (error) { showError(error, '打开方案'); }
  }

  async function loadScenarios() {
    if (!allowed()) return;
    try {
      const body = await api(`/api/analysis/scenarios?${query({ district: ctx.districtCode, page_size: SCENARIO_PAGE })}`);
      const list = body.scenarios ?? [];
      if (!list.length) return replace(scenarios, h('p', { class: 'hint' }, '尚无方案。运行一次选址即自动保存。'));
      const options = Object.fromEntries(list.map((s) => [s.id, `#${s.id} ${s.name}`]));
      const a = select('compare-a', '方案 A', options, String((list[1] ?? list[0]).id));
      const b = select('compare-b', '方案 B', options, String(list[0].id));
      replace(scenarios,
        h('p', { class: 'count' }, body.total > list.length ? `共 ${body.total} 个方案，列出最近 ${list.length} 个` : `共 ${body.total} 个方案`),
        h('ol', { class: 'scenario-list', id: 'scenario-list' }, list.map((s) => h('li', { dataset: { id: s.id } },
          h('div', {}, h('strong', {}, `#${s.id} ${s.name}`)),
          h('small', {}, `${words.word(words.sitingModels, s.model)} · ${s.site_count} 处 · 缺口 ${fmt.int(s.gap_before)} → ${fmt.int(s.gap_after)} 托位 · ${s.optimal ? '已证明最优' : s.solver} · ${new Date(s.created_at).toLocaleString('zh-CN', { hour12: false })}`),
          h('div', { class: 'row' },
            h('button', { type: 'button', class: 'scenario-open', onclick: () => reopen(s.id) }, '打开'),
            deleteButton(s))))),
        h('div', { class: 'row' }, a.label, b.label),
        h('button', { type: 'button', id: 'compare-run', onclick: () => compare(a.input.value, b.input.value) }, '对比 A 与 B'));
    } catch (error) {
      if (error.notProvided) replace(scenarios, notProvided('方案管理'));
      else throw error;
    }
  }

  /** Deleting asks once more in place (no modal dialog): the first click arms, the second deletes. */
  function deleteButton(s) {
    const button = h('button', { type: 'button', class: 'scenario-delete' }, '删除');
    button.addEventListener('click', async () => {
      if (!button.classList.contains('armed')) {
        button.classList.add('armed');
        button.textContent = '确认删除';
        return;
      }
      try {
        await api(`/api/analysis/scenarios/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
        if (resultBox.querySelector(`[data-scenario="${s.id}"]`)) { replace(resultBox); layer.clearLayers(); }
        await loadScenarios();
      } catch (error) { showError(error, '删除方案'); }
    });
    return button;
  }

  async function compare(a, b) {
    if (a === b) return showError('请选择两个不同的方案', '方案对比');
    let c;
    try {
      c = await api(`/api/analysis/scenarios/compare?${query({ a, b })}`);
    } catch (error) { return showError(error, '方案对比'); }
    layer.clearLayers();
    replace(resultBox);
    const shared = new Set(c.common_sites);
    const indexInB = new Map((c.b.sites?.features ?? []).map((f, i) => [f.properties.candidate_id, i]));
    const at = [
      ...drawSites(c.a, {
        links: false,
        colourOf: (f) => (shared.has(f.properties.candidate_id) ? COLOURS.shared : COLOURS.a),
        labelOf: (f, i) => (shared.has(f.properties.candidate_id) ? `A${i + 1}·B${indexInB.get(f.properties.candidate_id) + 1}` : `A${i + 1}`),
      }),
      ...drawSites(c.b, { links: false, colourOf: () => COLOURS.b, labelOf: (f, i) => `B${i + 1}`, skip: (f) => shared.has(f.properties.candidate_id) }),
    ];
    if (at.length) ctx.map.fitBounds(L.latLngBounds(at).pad(0.4), { maxZoom: 15 });

    const d = c.difference;
    const after = (s) => s.coverage_after ?? {};
    const signed = (v, digits = 1) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${fmt.num(v, digits)}`);
    const better = (v, lowerIsBetter) => (v === null || v === undefined || Math.abs(v) < 1e-9 ? '' : (v < 0) === lowerIsBetter ? 'improved' : 'worsened');
    const rows = [
      ['模型', (s) => `${words.word(words.sitingModels, s.model)}${s.p ? ` p=${s.p}` : ''} · ${fmt.metres(s.radius_m)}`, c.same_model ? '相同' : '不同'],
      ['求解', (s) => `${solverText(s)} · ${fmt.int(s.time_ms)} ms`, ''],
      ['目标值', (s) => `${fmt.num(s.objective)}（${words.word(words.sitingObjectives, s.model)}）`, c.same_model ? signed(d.objective) : '不可比',
        c.same_model ? better(d.objective, c.a.model === 'p_median' || c.a.model === 'lscp') : ''],
      ['与最优差距', optimality, ''],
      ['新增机构', (s) => `${siteCount(s)} 处`, signed(d.sites, 0), ''],
      ['选址后托位缺口', (s) => fmt.int(after(s).gap), signed(d.gap_after, 0), better(d.gap_after, true)],
      ['选址后可达托位', (s) => fmt.int(after(s).accessible_slots), signed(d.accessible_slots_after, 0), better(d.accessible_slots_after, false)],
      ['选址后千人可达托位', (s) => fmt.num(after(s).accessible_per_thousand, 2),
        signed((after(c.b).accessible_per_thousand ?? NaN) - (after(c.a).accessible_per_thousand ?? NaN), 2)],
      ['选址后有缺口的居住区', (s) => fmt.int(after(s).areas_with_gap),
        signed((after(c.b).areas_with_gap ?? NaN) - (after(c.a).areas_with_gap ?? NaN), 0)],
    ];
    const nameOf = (s, id) => {
      const f = (s.sites?.features ?? []).find((x) => x.properties.candidate_id === id);
      return f ? `${f.properties.name}${f.properties.parcel_code ? `（${f.properties.parcel_code}）` : ''}` : id;
    };
    const siteColumn = (key, title, colour, ids, from) => h('div', { class: 'compare-sites-column', dataset: { sites: key } },
      h('h4', {}, h('span', { class: 'swatch fill', style: `--c:${colour}` }), ` ${title}（${ids.length}）`),
      ids.length ? h('ul', { class: 'plain' }, ids.map((id) => h('li', {}, nameOf(from, id)))) : h('p', { class: 'hint' }, '无'));
    replace(comparison,
      h('h3', {}, '方案对比'),
      c.same_model ? null : h('p', { class: 'hint warn', id: 'compare-not-comparable' }, '两个方案的模型或服务半径不同：目标值不可直接比较，请看选址后的覆盖。'),
      h('table', { class: 'compare', id: 'compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, ''),
          h('th', { style: `color:${COLOURS.a}` }, `A · ${c.a.name}`), h('th', { style: `color:${COLOURS.b}` }, `B · ${c.b.name}`), h('th', {}, 'B − A'))),
        h('tbody', {}, rows.map(([title, value, diff, trend]) => h('tr', { class: trend ?? '' },
          h('th', {}, title), h('td', {}, value(c.a)), h('td', {}, value(c.b)), h('td', { class: 'after' }, diff))))),
      h('div', { class: 'compare-sites', id: 'compare-sites' },
        siteColumn('common', '两方案共有', COLOURS.shared, c.common_sites, c.a),
        siteColumn('only-a', '仅方案 A', COLOURS.a, c.only_in_a, c.a),
        siteColumn('only-b', '仅方案 B', COLOURS.b, c.only_in_b, c.b)));
    comparison.scrollIntoView({ block: 'start' });
  }

  refreshAccess();
  return { panel, loadScenarios, refreshAccess };
}

/** Coverage before and after the new sites: the district's 2SFCA figures side by side. */
function coverageTable(result) {
  const before = result.coverage_before ?? {};
  const after = result.coverage_after ?? {};
  const rows = before.basis === 'reach'
    ? [['可达需求', 'covered_demand', 1, false]]
    : [['托位缺口', 'gap', 0, true], ['可达托位', 'accessible_slots', 0, false], ['千人可达托位', 'accessible_per_thousand', 2, false],
      ['有缺口的居住区', 'areas_with_gap', 0, true], ['无托位可达的居住区', 'unserved_areas', 0, true]];
  return h('table', { class: 'diff', id: 'siting-coverage' },
    h('thead', {}, h('tr', {}, h('th', {}, '覆盖'), h('th', {}, '选址前'), h('th', {}, '选址后'), h('th', {}, '变化'))),
    h('tbody', {}, rows.map(([title, key, digits, lowerIsBetter]) => {
      const change = (after[key] ?? NaN) - (before[key] ?? NaN);
      const trend = !Number.isFinite(change) || Math.abs(change) < 1e-9 ? '' : (change < 0) === lowerIsBetter ? 'improved' : 'worsened';
      const show = (v) => (digits ? fmt.num(v, digits) : fmt.int(v));
      return h('tr', { class: trend, dataset: { row: key } }, h('th', {}, title), h('td', {}, show(before[key])),
        h('td', { class: 'after' }, show(after[key])), h('td', {}, Number.isFinite(change) ? `${change > 0 ? '+' : ''}${show(change)}` : '—'));
    })));
}
