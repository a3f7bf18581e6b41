// 区划设置, for admins only: a district set up from its adcode (found by name or code in the national reference data the
// service ships), then its boundary and 街道 from the district's own file (GeoJSON, zipped Shapefile or GeoPackage, in a
// declared or the file's own coordinate system). Each step is a dry run first and writes only when asked to; the import's
// topology problems (街道 overlapping, gaps in no 街道, 街道 outside the district, in 平方米) are drawn on the map.
import { api, query } from '../api.js';
import { signInNeeded } from '../auth.js';
import { legendGroup, legendRow } from '../basemap.js';
import * as words from '../labels.js';
import { session } from '../session.js';
import { definitionList, fmt, h, replace, section, select, showError, showNotice } from '../ui.js';

/** A coordinate system's code in words ("EPSG:4549" would read as a raw code). */
export function crsText(code) {
  if (words.boundaryCrs[code]) return words.boundaryCrs[code];
  const gk = /^EPSG:(45[1-5]\d)$/.exec(code ?? '');
  return gk ? `国家2000高斯-克吕格投影（${gk[1]}）` : code ?? '—';
}

export function createAdminView(ctx) {
  let chosen = null; // the reference unit being set up
  let checked = null; // the file a dry run passed, and the coordinate system it was read in

  const problems = L.geoJSON(null, {
    style: (f) => ({ className: `topology-shape topology-${f.properties.kind}`, color: words.topologyKinds[f.properties.kind].colour, weight: 2, fillOpacity: 0.35 }),
    onEachFeature: (f, layer) => layer.bindTooltip(h('span', {}, f.properties.message), { sticky: true }),
  });
  const overlays = { '拓扑问题': problems };

  const access = h('div', { id: 'admin-access' });
  const search = h('input', { id: 'admin-search', type: 'search', placeholder: '如 环翠 或 371002', autocomplete: 'off' });
  const matches = h('ol', { class: 'results', id: 'admin-matches' });
  const unit = h('div', { id: 'admin-unit' });
  const setupButtons = h('div', { class: 'row', hidden: true },
    h('button', { type: 'button', id: 'admin-setup-dry-run', onclick: () => setUp(true) }, '预演（不写入）'),
    h('button', { type: 'button', class: 'primary', id: 'admin-setup-commit', disabled: true, onclick: () => setUp(false) }, '建立'));
  const steps = h('div', { id: 'admin-steps' });

  // The browser's own file button reads "Choose File" whatever the page's language: a label in Chinese stands in for it.
  const file = h('input', { id: 'admin-file', type: 'file', class: 'file-input', accept: '.geojson,.json,.zip,.gpkg' });
  const fileName = h('span', { class: 'file-name', id: 'admin-file-name', translate: 'no' }, '未选择文件'); // the user's own file name, read back as is
  const crs = select('admin-crs', '坐标系', words.boundaryCrs, '');
  const importDryRun = h('button', { type: 'button', id: 'admin-import-dry-run', onclick: () => importFile(false) }, '预演导入');
  const importCommit = h('button', { type: 'button', class: 'primary', id: 'admin-import-commit', disabled: true, onclick: () => importFile(true) }, '提交导入');
  const report = h('div', { id: 'admin-import-report' });
  file.addEventListener('change', () => { checked = null; importCommit.disabled = true; fileName.textContent = file.files[0]?.name ?? '未选择文件'; });
  crs.input.addEventListener('change', () => { checked = null; importCommit.disabled = true; });

  const content = h('div', { id: 'admin-content' },
    section('一、选择区划',
      h('p', { class: 'hint' }, '按名称或行政区划代码查找全国参考数据（第七次全国人口普查分县资料、统计用区划代码）。'),
      h('form', { class: 'row', id: 'admin-search-form', onsubmit: (event) => { event.preventDefault(); find(); } },
        h('label', { class: 'field', for: 'admin-search' }, h('span', {}, '名称或代码'), search),
        h('button', { type: 'submit', id: 'admin-search-button' }, '查找')),
      matches, unit, setupButtons, steps),
    section('二、边界与街道文件',
      h('p', { class: 'hint' }, '区县边界和各街道边界，可为 GeoJSON、Shapefile 压缩包或 GeoPackage；每个要素需有区划代码与名称。先建立区划，再导入。'),
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('span', {}, '文件'),
          h('span', { class: 'file-choice' }, file, h('label', { for: 'admin-file', class: 'file-button' }, '选择文件'), fileName)), crs.label),
      h('div', { class: 'row' }, importDryRun, importCommit),
      report));
  const panel = h('div', { class: 'view view-admin' }, access, content);

  async function find() {
    const text = search.value.trim();
    if (!text) return;
    let found;
    try {
      found = await api(`/api/admin/districts/reference?${query({ q: text })}`);
    } catch (error) { showError(error, '查找区划'); return; }
    replace(matches, found.length ? found.map((m) => h('li', { dataset: { code: m.adcode } },
      h('button', { type: 'button', onclick: () => choose(m) },
        h('span', { class: 'name' }, m.name),
        h('span', { class: 'distance' }, m.set_up ? '已建立' : words.word(words.districtLevels, m.level)),
        h('span', { class: 'meta' }, `${m.chain} · ${m.adcode}${m.population ? ` · 普查人口 ${fmt.int(m.population)} 人` : ''}`))))
      : h('li', { class: 'hint' }, `没有名称含“${text}”或代码以它开头的区划`));
    panel.dataset.searched = 'true';
  }

  function choose(m) {
    chosen = m;
    matches.querySelectorAll('li').forEach((li) => li.classList.toggle('selected', li.dataset.code === m.adcode));
    showUnit(m);
    setupButtons.hidden = m.development_zone;
    if (m.development_zone) replace(steps, h('p', { class: 'hint warn' }, '开发区没有自己的边界，请建立它所在的区县。'));
    else replace(steps);
    setupButtons.querySelector('#admin-setup-commit').disabled = true;
  }

  function showUnit(m) {
    replace(unit, h('h3', {}, `${m.name}（${m.adcode}）`), definitionList([
      ['上级', m.chain],
      ['级别', words.word(words.districtLevels, m.level)],
      ['普查人口', m.population ? `${fmt.int(m.population)} 人` : null],
      ['3岁以下儿童占比', m.share_under3 ? `${(m.share_under3 * 100).toFixed(2)}%` : null],
      ['街道（乡镇）', `${m.subdistricts} 个`],
      ['随附边界', m.boundary_shipped ? '有（GCJ-02，建立时转换为 WGS-84）' : '无：请在下方导入边界文件'],
      ['本系统中', m.set_up ? '已建立（再次建立只补缺，不覆盖）' : '尚未建立'],
    ]));
  }

  async function setUp(dryRun) {
    const commit = setupButtons.querySelector('#admin-setup-commit');
    let answer;
    try {
      answer = await api('/api/admin/districts/setup', { method: 'POST', body: { adcode: chosen.adcode, dry_run: dryRun } });
    } catch (error) { showError(error, '建立区划'); return; }
    const verb = dryRun ? '将' : '已';
    replace(steps,
      h('p', { class: 'count', id: 'admin-steps-summary' }, `${dryRun ? '预演：' : ''}${verb}新建 ${answer.created} 个、更新 ${answer.updated} 个，${answer.unchanged} 个不变`),
      // Open while it is being judged; once written, folded, so that the file step below comes into view.
      h('details', { open: dryRun }, h('summary', {}, `各单位明细（${answer.steps.length} 个）`),
        h('ul', { class: 'setup-steps' }, answer.steps.map((s) => h('li', { dataset: { action: s.action } },
          h('strong', {}, s.name), ` ${words.word(words.districtLevels, s.level)} · ${words.word(words.setupActions, s.action)}`,
          s.changes.length ? h('span', { class: 'meta' }, s.changes.join('；')) : null)))),
      dryRun ? null : h('p', {}, h('a', { href: `#view=planner&district=${answer.adcode}`, id: 'admin-open-district' }, `在地图上打开 ${chosen.name}`)));
    commit.disabled = !dryRun || answer.created + answer.updated === 0;
    if (!dryRun) {
      chosen = { ...chosen, set_up: true };
      showUnit(chosen);
      showNotice(`已建立 ${chosen.name}：新建 ${answer.created} 个单位`, 4000);
    }
    panel.dataset.setup = dryRun ? 'dry-run' : 'committed';
  }

  async function importFile(commit) {
    const chosenFile = file.files[0];
    if (!chosenFile) { showError('请先选择文件', '导入边界'); return; }
    const form = new FormData();
    form.append('file', chosenFile, chosenFile.name);
    let answer;
    try {
      answer = await api(`/api/import/districts?${query({ mode: commit ? 'commit' : 'dry_run', crs: crs.input.value })}`, { method: 'POST', body: form });
    } catch (error) {
      if (!error.problem?.report) { showError(error, '导入边界'); return; }
      answer = error.problem.report; // a commit refused for rows with errors: nothing was written
    }
    showReport(answer);
    checked = answer.errors === 0 && !answer.committed ? { file: chosenFile, crs: crs.input.value } : null;
    importCommit.disabled = !checked;
    if (answer.committed) showNotice(`已导入 ${answer.create + answer.update} 个区划边界（${answer.unchanged} 个不变）`, 4000);
    panel.dataset.import = answer.committed ? 'committed' : 'dry-run';
  }

  function showReport(answer) {
    const topology = answer.topology ?? { overlaps: [], gaps: [], outside: [] };
    const findings = Object.keys(words.topologyKinds).flatMap((kind) => topology[kind].map((t) => ({ kind, ...t })));
    problems.clearLayers();
    findings.forEach((t) => problems.addData({ type: 'Feature', geometry: t.shape, properties: { kind: t.kind, message: t.message } }));
    const errors = answer.row_reports.flatMap((r) => r.problems.filter((p) => p.severity === 'error').map((p) => `第 ${r.row} 行：${p.message}`));
    replace(report,
      h('p', { class: 'count', id: 'admin-import-summary' },
        `${answer.committed ? '已写入' : answer.mode === 'commit' ? '未写入（有错误）' : '预演'}：${answer.rows} 个要素，新建 ${answer.create}、更新 ${answer.update}、不变 ${answer.unchanged}、错误 ${answer.errors}；坐标系 ${crsText(answer.source_crs)}`),
      errors.length ? h('ul', { class: 'form-error', id: 'admin-import-errors' }, errors.slice(0, 20).map((e) => h('li', {}, e))) : null,
      h('h3', {}, '拓扑检查'),
      answer.topology === null || answer.topology === undefined ? h('p', { class: 'hint' }, '文件中没有街道边界，无需检查。')
        : findings.length === 0 ? h('p', { class: 'hint', id: 'admin-topology-clean' }, '街道边界互不重叠、无缺口、未超出区县边界。')
          : h('ul', { class: 'topology', id: 'admin-topology' }, findings.map((t) => h('li', { dataset: { kind: t.kind } },
            h('button', { type: 'button', onclick: () => reveal(t) },
              h('span', { class: 'swatch fill', style: `--c:${words.topologyKinds[t.kind].colour}`, 'aria-hidden': 'true' }),
              h('span', {}, `${words.topologyKinds[t.kind].text}：${t.message}`))))),
      findings.length ? h('p', { class: 'hint' }, '拓扑问题不阻止提交：公开发布的边界很少严丝合缝，请判断是否需要先修正文件。') : null);
    if (findings.length) ctx.map.fitBounds(problems.getBounds(), { padding: [24, 24] });
    showLegend();
    report.scrollIntoView({ block: 'nearest' });
  }

  function reveal(t) {
    const bounds = L.geoJSON(t.shape).getBounds();
    if (bounds.isValid()) ctx.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  const showLegend = () => ctx.setLegend(h('strong', {}, '区划设置'),
    legendGroup(problems, Object.values(words.topologyKinds).map((k) => legendRow(k.colour, k.text))));

  function showAccess() {
    const allowed = session.can('admin');
    content.hidden = !allowed;
    panel.dataset.access = allowed ? 'granted' : 'denied';
    replace(access, allowed ? null : section('区划设置', signInNeeded('admin', '区划设置', 'admin-sign-in')));
  }

  return {
    panel,
    overlays: () => overlays,
    async activate() {
      problems.addTo(ctx.map);
      showAccess();
      showLegend();
      panel.dataset.loaded = 'true';
    },
    deactivate() { ctx.map.removeLayer(problems); },
    sessionChanged() { showAccess(); },
  };
}
