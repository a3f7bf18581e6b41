// Siting scenarios (POST /api/analysis/siting): a short run answers at once and is saved as a scenario; a long
// one (or one sent to the background) answers 202 with a job that is polled for its progress and may be
// cancelled. A result shows the chosen sites, the residential areas each serves and coverage before/after.
// Saved scenarios are listed, reopened, deleted, and compared two at a time (GET …/scenarios/compare).
// This module holds the form and the loading; siting-map.js draws, siting-panels.js renders the panel.
import { api, query } from './api.js';
import { signInNeeded } from './auth.js';
import * as words from './labels.js';
import { session } from './session.js';
import { checkbox, h, replace, section, select, showError, unlessMissing } from './ui.js';
import { drawSites, fitSites, siteLatLng } from './siting-map.js';
import { COLOURS, comparisonView, resultView, scenarioListView, siteColour } from './siting-panels.js';

const POLL_MS = 500;
const SCENARIO_PAGE = 50;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The run's parameters as inputs, and the request body they make. */
function sitingForm({ ctx, settings, getWhatIfPoints, onRun }) {
  const name = h('input', { type: 'text', id: 'siting-name', value: '', placeholder: '留空则按参数命名', maxLength: 200 });
  const model = select('siting-model', '模型', words.sitingModels, 'mclp');
  const source = select('siting-source', '候选位置', words.candidateSources, 'parcels');
  const solver = select('siting-solver', '求解方式', words.sitingSolvers, 'auto');
  const p = h('input', { type: 'number', id: 'siting-p', min: 1, max: 200, value: 3 });
  const capacity = h('input', { type: 'number', id: 'siting-capacity', min: 1, max: 10000, value: 80, step: 10 });
  const timeLimit = h('input', { type: 'number', id: 'siting-time-limit', min: 1, max: 3600, value: 5 });
  const background = checkbox('siting-async', '后台运行（可查看进度、可取消）', false);
  const run = h('button', { type: 'button', id: 'siting-run', class: 'primary', onclick: onRun }, '运行选址');
  const syncModel = () => { p.disabled = model.input.value === 'lscp'; }; // set covering chooses how many
  model.input.addEventListener('change', syncModel);
  syncModel();

  const fields = [
    h('label', { class: 'field', for: 'siting-name' }, h('span', {}, '方案名称'), name),
    h('div', { class: 'row' }, model.label, source.label),
    h('div', { class: 'row' }, h('label', { class: 'field', for: 'siting-p' }, h('span', {}, '新增机构数'), p),
      h('label', { class: 'field', for: 'siting-capacity' }, h('span', {}, '每处托位'), capacity)),
    h('div', { class: 'row' }, solver.label,
      h('label', { class: 'field', for: 'siting-time-limit' }, h('span', {}, '时限（秒）'), timeLimit)),
    background.label,
    h('p', { class: 'hint' }, '服务半径取“分析设置”；“地图上选点”以假设分析中添加的机构为候选；精确求解时限超过 5 秒自动转入后台。'),
  ];

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

  return { fields, run, request };
}

export function createSiting({ ctx, settings, layer, getWhatIfPoints, getAreas }) {
  const form = sitingForm({ ctx, settings, getWhatIfPoints, onRun: () => runSiting() });
  const cancel = h('button', { type: 'button', id: 'siting-cancel', hidden: true }, '取消运行');
  const status = h('p', { class: 'hint', id: 'siting-status', role: 'status' });
  const bar = h('progress', { id: 'siting-progress', max: 1, value: 0, hidden: true });
  const resultBox = h('div', { id: 'siting-result' });
  const scenarios = h('div', { id: 'scenarios' });
  const comparison = h('div', { id: 'scenario-compare' });

  const access = h('div', { id: 'siting-access' });
  const controls = h('div', { id: 'siting-controls' }, form.fields,
    h('div', { class: 'row' }, form.run, cancel), bar, status, resultBox,
    h('h3', {}, '已保存的方案'), scenarios, comparison);
  const panel = section('选址方案', access, controls);
  const allowed = () => session.can('plan');

  const setStatus = (text, fraction) => {
    status.textContent = text;
    bar.hidden = fraction === undefined;
    if (fraction !== undefined) bar.value = fraction;
  };

  /** Siting runs and saved scenarios are the planners': anyone else sees which sign-in they need. */
  function refreshAccess() {
    controls.hidden = !allowed();
    replace(access, allowed() ? null : signInNeeded('plan', '选址方案', 'siting-sign-in'));
    if (!allowed()) { layer.clearLayers(); replace(resultBox); replace(scenarios); replace(comparison); setStatus(''); }
  }

  async function runSiting() {
    const body = form.request();
    if (body.points && !body.points.length) return showError('请先在“假设分析”中用“添加机构”在地图上放置候选点', '选址');
    form.run.disabled = true;
    setStatus('正在求解…');
    try {
      const answer = await api('/api/analysis/siting', { method: 'POST', body });
      const result = answer?.job_id ? await watch(answer) : answer;
      if (!result) return;
      cancel.hidden = true; // before the result shows: nothing is left to cancel once its sites are listed
      showResult(result);
      setStatus(`已保存为方案“${result.name}”`);
      await loadScenarios();
    } catch (error) {
      setStatus('');
      showError(error, '选址');
    } finally {
      form.run.disabled = false;
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

  function showResult(result) {
    layer.clearLayers();
    replace(comparison);
    const at = drawSites(layer, result, { colourOf: (f, i) => siteColour(i), labelOf: (f, i) => String(i + 1), areas: getAreas(), district: ctx.districtCode });
    const features = result.sites?.features ?? [];
    replace(resultBox, resultView(result, {
      onLocate: (i) => { const to = siteLatLng(features[i]); if (to) ctx.map.setView(to, Math.max(ctx.map.getZoom(), 16)); },
    }));
    fitSites(ctx.map, at);
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
    const body = await unlessMissing(() => api(`/api/analysis/scenarios?${query({ district: ctx.districtCode, page_size: SCENARIO_PAGE })}`),
      [scenarios, '方案管理']);
    if (body) replace(scenarios, scenarioListView(body, { onOpen: reopen, deleteButton, onCompare: compare }));
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
    fitSites(ctx.map, [
      ...drawSites(layer, c.a, {
        links: false,
        district: ctx.districtCode,
        colourOf: (f) => (shared.has(f.properties.candidate_id) ? COLOURS.shared : COLOURS.a),
        labelOf: (f, i) => (shared.has(f.properties.candidate_id) ? `A${i + 1}·B${indexInB.get(f.properties.candidate_id) + 1}` : `A${i + 1}`),
      }),
      ...drawSites(layer, c.b, { links: false, district: ctx.districtCode, colourOf: () => COLOURS.b, labelOf: (f, i) => `B${i + 1}`, skip: (f) => shared.has(f.properties.candidate_id) }),
    ]);
    replace(comparison, comparisonView(c));
    comparison.scrollIntoView({ block: 'start' });
  }

  refreshAccess();
  return { panel, loadScenarios, refreshAccess };
}
