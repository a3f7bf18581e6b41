// Siting scenarios: run one (POST /api/analysis/siting; long runs answer 202 and are polled), see the suggested
// sites and the demand each serves, and compare two saved scenarios side by side.
import { api, query } from './api.js';
import { signInNeeded } from './auth.js';
import * as words from './labels.js';
import { session } from './session.js';
import { select } from './public.js';
import { figure, fmt, h, notProvided, replace, section, showError } from './ui.js';

const SCENARIO_COLOURS = ['#1d4ed8', '#ea580c'];

export function createSiting({ ctx, settings, layer, getWhatIfPoints }) {
  const name = h('input', { type: 'text', id: 'siting-name', value: '', placeholder: '方案名称' });
  const model = select('siting-model', '模型', words.sitingModels, 'mclp');
  const source = select('siting-source', '候选位置', words.candidateSources, 'parcels');
  const p = h('input', { type: 'number', id: 'siting-p', min: 1, max: 50, value: 3 });
  const capacity = h('input', { type: 'number', id: 'siting-capacity', min: 1, max: 500, value: 60, step: 10 });
  const run = h('button', { type: 'button', id: 'siting-run', class: 'primary', onclick: () => runSiting() }, '运行选址');
  const cancel = h('button', { type: 'button', id: 'siting-cancel', hidden: true }, '取消');
  const status = h('p', { class: 'hint', id: 'siting-status' });
  const result = h('div', { id: 'siting-result' });
  const scenarios = h('div', { id: 'scenarios' });
  const comparison = h('div', { id: 'scenario-compare' });

  const access = h('div', { id: 'siting-access' });
  const controls = h('div', { id: 'siting-controls' },
    h('label', { class: 'field', for: 'siting-name' }, h('span', {}, '名称'), name),
    h('div', { class: 'row' }, model.label, source.label),
    h('div', { class: 'row' }, h('label', { class: 'field', for: 'siting-p' }, h('span', {}, '新增机构数 p'), p),
      h('label', { class: 'field', for: 'siting-capacity' }, h('span', {}, '每处托位'), capacity)),
    h('p', { class: 'hint' }, '“地图上选点”使用假设分析中添加的位置作为候选。'),
    h('div', { class: 'row' }, run, cancel), status, result,
    h('h3', {}, '已保存的方案'), scenarios, comparison);
  const panel = section('选址方案', access, controls);
  const allowed = () => session.can('plan');

  /** Siting runs and saved scenarios are the planners': anyone else sees which sign-in they need. */
  function refreshAccess() {
    controls.hidden = !allowed();
    replace(access, allowed() ? null : signInNeeded('plan', '选址方案', 'siting-sign-in'));
    if (!allowed()) { layer.clearLayers(); replace(result); replace(scenarios); replace(comparison); }
  }

  async function runSiting() {
    const body = {
      name: name.value.trim() || `方案 ${new Date().toLocaleString('zh-CN', { hour12: false })}`,
      district: ctx.districtCode, model: model.input.value, p: Number(p.value), radius_m: settings.radius,
      candidate_source: source.input.value, capacity: Number(capacity.value), time_limit_s: 20, solver: 'auto',
    };
    if (body.candidate_source === 'points') {
      body.points = getWhatIfPoints();
      if (!body.points.length) return showError('请先在“假设分析”中用“添加机构”在地图上放置候选点');
    }
    run.disabled = true;
    status.textContent = '正在求解…';
    try {
      let answer = await api('/api/analysis/siting', { method: 'POST', body });
      if (answer?.job_id) answer = await poll(answer);
      if (!answer) return;
      showResult(answer);
      status.textContent = '';
      await loadScenarios();
    } catch (error) {
      status.textContent = '';
      if (error.notProvided) replace(result, notProvided('选址'));
      else showError(error, '选址');
    } finally {
      run.disabled = false;
      cancel.hidden = true;
    }
  }

  /** Polls a long run until it is done, failed or cancelled; resolves to its result (null when cancelled). */
  async function poll(job) {
    const url = job.status_url ?? `/api/analysis/siting/jobs/${job.job_id}`;
    let cancelled = false;
    cancel.hidden = false;
    cancel.onclick = async () => { cancelled = true; await api(url, { method: 'DELETE' }).catch((e) => showError(e, '取消选址')); };
    for (;;) {
      if (cancelled) { status.textContent = '已取消'; return null; }
      const state = await api(url);
      if (state.result) return state.result;
      if (['failed', 'cancelled', 'canceled'].includes(state.status)) throw new Error(`选址任务${state.status === 'failed' ? '失败' : '已取消'}${state.error ? `：${state.error}` : ''}`);
      status.textContent = `正在求解… ${state.progress !== undefined ? `${Math.round(state.progress * (state.progress <= 1 ? 100 : 1))}%` : ''}`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function showResult(answer) {
    layer.clearLayers();
    drawSites(answer, SCENARIO_COLOURS[0], '');
    replace(result, h('div', { class: 'siting-result', dataset: { scenario: answer.id ?? '' } },
      h('p', {}, h('strong', {}, answer.name ?? '选址结果'), ` · ${words.word(words.sitingModels, answer.model)}`),
      h('div', { class: 'figures' },
        figure('sites', '选址数', answer.sites?.features?.length ?? 0),
        figure('objective', '目标值', fmt.num(answer.objective)),
        figure('coverage-before', '选址前覆盖', coverageText(answer.coverage_before)),
        figure('coverage-after', '选址后覆盖', coverageText(answer.coverage_after)),
        figure('optimality', '与最优差距', answer.optimal ? '最优' : answer.gap !== undefined && answer.gap !== null ? fmt.pct(answer.gap) : '—'),
        figure('solver', '求解', `${answer.solver ?? '—'} · ${fmt.int(answer.time_ms)} ms`)),
      siteList(answer)));
    const bounds = L.geoJSON(answer.sites).getBounds();
    if (bounds.isValid()) ctx.map.fitBounds(bounds.pad(0.3), { maxZoom: 15 });
  }

  function drawSites(answer, colour, prefix) {
    (answer.sites?.features ?? []).forEach((f, i) => {
      const centre = L.geoJSON(f).getBounds().getCenter(); // a site may be a parcel polygon
      const [lng, lat] = f.geometry.type === 'Point' ? f.geometry.coordinates : [centre.lng, centre.lat];
      L.marker([lat, lng], { icon: L.divIcon({ className: 'poi site', html: `<span style="background:${colour}">${prefix}${i + 1}</span>`, iconSize: [26, 26] }) })
        .bindTooltip(`${prefix}${i + 1} ${f.properties.name ?? f.properties.candidate_id ?? ''}<br>服务需求 ${fmt.num(f.properties.served_demand)}${f.properties.capacity ? ` · 容量 ${f.properties.capacity}` : ''}`)
        .addTo(layer);
      if (settings.radius) L.circle([lat, lng], { radius: settings.radius, color: colour, weight: 1, fillOpacity: 0.06, interactive: false }).addTo(layer);
    });
  }

  const siteList = (answer) => h('ol', { class: 'sites', id: 'siting-sites' }, (answer.sites?.features ?? []).map((f) =>
    h('li', {}, f.properties.name ?? f.properties.candidate_id, h('small', {}, ` 服务需求 ${fmt.num(f.properties.served_demand)}${f.properties.capacity ? ` · 容量 ${f.properties.capacity}` : ''}`))));

  async function loadScenarios() {
    if (!allowed()) return;
    try {
      const body = await api('/api/analysis/scenarios');
      const list = Array.isArray(body) ? body : body?.scenarios ?? body?.items ?? body?.features ?? [];
      if (!list.length) return replace(scenarios, h('p', { class: 'hint' }, '尚无方案。运行一次选址即可保存。'));
      const a = select('compare-a', '方案 A', Object.fromEntries(list.map((s) => [s.id, label(s)])), String(list[0].id));
      const b = select('compare-b', '方案 B', Object.fromEntries(list.map((s) => [s.id, label(s)])), String((list[1] ?? list[0]).id));
      replace(scenarios, h('div', { class: 'row' }, a.label, b.label),
        h('div', { class: 'row' },
          h('button', { type: 'button', id: 'compare-run', onclick: () => compare(a.input.value, b.input.value) }, '对比'),
          h('button', { type: 'button', onclick: () => remove(a.input.value) }, '删除方案 A')));
    } catch (error) {
      if (error.notProvided) replace(scenarios, notProvided('方案管理'));
      else throw error;
    }
  }

  const label = (s) => `${s.name ?? `方案 ${s.id}`}（${words.word(words.sitingModels, s.model)}）`;

  async function remove(id) {
    try {
      await api(`/api/analysis/scenarios/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await loadScenarios();
    } catch (error) { showError(error, '删除方案'); }
  }

  async function compare(a, b) {
    try {
      const [first, second] = await Promise.all([a, b].map((id) => api(`/api/analysis/scenarios/${encodeURIComponent(id)}`)));
      const server = await api(`/api/analysis/scenarios/compare?${query({ a, b })}`).catch((e) => (e.notProvided ? null : Promise.reject(e)));
      const pair = [first.result ?? first, second.result ?? second];
      layer.clearLayers();
      pair.forEach((s, i) => drawSites(s, SCENARIO_COLOURS[i], 'AB'[i]));
      const served = (s) => (s.sites?.features ?? []).reduce((sum, f) => sum + (f.properties.served_demand ?? 0), 0);
      const rows = [
        ['名称', (s) => s.name ?? s.id], ['模型', (s) => words.word(words.sitingModels, s.model)], ['选址数', (s) => s.sites?.features?.length ?? 0],
        ['目标值', (s) => fmt.num(s.objective)], ['服务需求合计', (s) => fmt.num(served(s))],
        ['选址前覆盖', (s) => coverageText(s.coverage_before)], ['选址后覆盖', (s) => coverageText(s.coverage_after)],
        ['与最优差距', (s) => (s.optimal ? '最优' : s.gap !== undefined && s.gap !== null ? fmt.pct(s.gap) : '—')], ['用时', (s) => `${fmt.int(s.time_ms)} ms`],
      ];
      replace(comparison, h('table', { class: 'compare', id: 'compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), pair.map((_, i) => h('th', { style: `color:${SCENARIO_COLOURS[i]}` }, `方案 ${'AB'[i]}`)))),
        h('tbody', {}, rows.map(([title, value]) => h('tr', {}, h('th', {}, title), pair.map((s) => h('td', {}, value(s))))))),
      server ? h('details', {}, h('summary', {}, '服务端对比'), h('pre', {}, JSON.stringify(server, null, 2))) : null);
    } catch (error) { showError(error, '方案对比'); }
  }

  refreshAccess();
  return { panel, loadScenarios, refreshAccess };
}

/** coverage_before/after are numbers or small objects of figures; either reads as text. */
function coverageText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value <= 1 ? fmt.pct(value) : fmt.num(value);
  return Object.entries(value).filter(([, v]) => typeof v === 'number').slice(0, 3).map(([k, v]) => `${k} ${v <= 1 && v > 0 && k.includes('share') ? fmt.pct(v) : fmt.num(v)}`).join(' · ');
}

