// 规划分析: accessible 托位 per 1,000 by residential area against the standard, the gap, catchments, 街道 by
// target status, the targets panel, 母婴室 coverage of required venues, what-if and siting scenarios.
// Here the view's state and loading meet its map layers (planner/layers.js) and panel sections (planner/panels.js).
// Were the analysis service missing, each of its sections says so and the others carry on.
import { api, query } from './api.js';
import * as words from './labels.js';
import { createPlannerLayers, plannerLegend } from './planner/layers.js';
import { nursingSummary, subdistrictChart, summaryFigures, supplyComparison, targetsTable } from './planner/panels.js';
import { createWalkingComparison, LOST_LAYER, walkingLegend } from './planner/walking.js';
import { createHousingDelivery } from './planner/housing-delivery.js';
import { createPlanProgress } from './planner/plan-progress.js';
import { createSiting } from './siting.js';
import { useTiles } from './tiles.js';
import { groupedPanel, h, replace, section, select, showError, unlessMissing } from './ui.js';
import { createWhatIf } from './whatif.js';

export function createPlannerView(ctx) {
  const settings = { radius: 300, method: 'step' };
  let coverage = null; // the GET body, or null when the endpoint is missing
  let institutions = [];
  let tiled = null; // whether the residential areas come from tiles: decided once, on the first load

  const layers = createPlannerLayers(ctx, settings, { institutionClicked: (f, marker) => whatIf.institutionClicked(f, marker) });
  const whatIf = createWhatIf({ ctx, settings, layer: layers.scenario, getInstitutions: () => institutions, showAreas: layers.showAreas, getBaseline: () => coverage, institutionMarkers: layers.institutionMarkers });
  const siting = createSiting({
    ctx, settings, layer: layers.siting, getWhatIfPoints: () => whatIf.addedPoints(), getAreas: () => coverage?.areas, getInstitutions: () => institutions,
  });

  const plan = createPlanProgress(ctx);
  const walking = createWalkingComparison(ctx, settings);
  const housing = createHousingDelivery(ctx);

  const radius = select('planner-radius', '服务半径', { 300: '300 米（5分钟）', 500: '500 米（10分钟）', 1000: '1000 米（15分钟）' }, '300');
  const method = select('planner-method', '计算方法', words.methods, 'step');
  const refresh = h('button', { type: 'button', id: 'planner-refresh', onclick: () => load() }, '重新计算');
  const summaryBox = h('div', { id: 'coverage-summary' });
  const targetsBox = h('div', { id: 'targets' });
  const streetsBox = h('div', { id: 'subdistrict-chart' });
  const nursingBox = h('div', { id: 'nursing-coverage' });
  // The panel's groups, one shown at a time (one column of them all ran to about 3,100 px): another group is one
  // more entry here, or groups.add({ key, title, content }) from a module of its own.
  const groups = groupedPanel('planner-groups', [
    { key: 'coverage', title: '覆盖', content: [section('覆盖与缺口', summaryBox, h('h3', {}, '各街道千人托位'), streetsBox), walking.element] },
    { key: 'targets', title: '目标', content: h('div', {}, section('规划目标', targetsBox), housing.panel) },
    { key: 'plan', title: '目标进度', content: plan.panel },
    { key: 'nursing', title: '母婴室', content: section('母婴室配置', nursingBox) },
    { key: 'what-if', title: '假设', content: whatIf.panel },
    { key: 'siting', title: '选址', content: siting.panel },
  ], { initial: ctx.group, onChange: () => ctx.remember?.() });
  const measureHint = h('p', { class: 'hint', id: 'coverage-measure' }, '居住区按可达托位/千人与标准之比着色。');
  const panel = h('div', { class: 'view view-planner' },
    section('分析设置', h('div', { class: 'row' }, radius.label, method.label, refresh,
      h('a', { class: 'button-link', id: 'planner-report', href: `report.html#district=${ctx.districtCode ?? ''}`, title: 'A4 版面，可打印或存为 PDF，含最近保存的选址方案' }, '打印报告')),
      measureHint),
    groups.element);

  // The legend names the radius and its minutes on foot.
  radius.input.addEventListener('change', () => { settings.radius = Number(radius.input.value); load().then(showLegend); });
  method.input.addEventListener('change', () => { settings.method = method.input.value; load(); });

  async function loadCoverage() {
    const district = ctx.districtCode;
    tiled ??= await useTiles('residential-areas', { district, forced: ctx.tiles });
    if (tiled) layers.showBackground();
    coverage = await unlessMissing(() => api(`/api/analysis/coverage?${query({ district, radius_m: settings.radius, method: settings.method })}`),
      [summaryBox, '覆盖分析'], [streetsBox, '街道汇总']);
    layers.setCatchmentMeasure(coverage?.parameters?.distance);
    let areaFeatures;
    if (coverage) {
      areaFeatures = coverage.areas;
      replace(summaryBox, summaryFigures(coverage.district), supplyComparison(coverage));
      measureHint.textContent = `居住区按可达托位/千人与标准之比着色；服务半径按${words.distanceMeasure(coverage.parameters?.distance, coverage.parameters?.districts)}计算。`;
      layers.setStreets(ctx.subdistricts, coverage.subdistricts ?? []);
      replace(streetsBox, subdistrictChart(coverage));
    } else {
      areaFeatures = tiled ? { type: 'FeatureCollection', features: [] } : await api(`/api/residential-areas?${query({ district, page_size: 5000 })}`);
      layers.setStreets(ctx.subdistricts);
    }
    layers.setAreas(areaFeatures, { gaps: Boolean(coverage) });
    await walking.load(coverage).catch((error) => showError(error, '直线与步行对比'));
    if (walking.shown) walking.layer.addTo(ctx.map);
  }

  async function loadInstitutions() {
    const body = await api(`/api/institutions?${query({ district: ctx.districtCode, status: 'operating', page_size: 1000 })}`);
    institutions = body.features;
    layers.drawInstitutions(institutions);
  }

  async function loadTargets() {
    const unitNames = Object.fromEntries([ctx.district, ...ctx.subdistricts.features].filter(Boolean).map((f) => [f.properties.code, f.properties.name]));
    const targets = await unlessMissing(() => api(`/api/analysis/targets?${query({ district: ctx.districtCode })}`), [targetsBox, '规划目标']);
    if (targets) replace(targetsBox, targetsTable(targets, unitNames));
  }

  async function loadNursing() {
    layers.clearNursing();
    const body = await unlessMissing(() => api(`/api/analysis/nursing-rooms?${query({ district: ctx.districtCode, nearby_m: 50 })}`),
      [nursingBox, '母婴室配置分析']);
    if (!body) return;
    layers.drawNursing(body);
    replace(nursingBox, nursingSummary(body));
  }

  async function load() {
    whatIf.reset();
    const results = await Promise.allSettled([loadCoverage(), loadInstitutions(), loadTargets(), plan.load(), housing.load(), loadNursing(), siting.loadScenarios()]);
    results.filter((r) => r.status === 'rejected').forEach((r) => showError(r.reason, '规划分析'));
    panel.dataset.loaded = 'true';
  }

  const showLegend = () => ctx.setLegend(plannerLegend(tiled, layers.overlays, layers.background, layers.catchmentLabel()), walkingLegend(walking.layer));

  return {
    panel,
    group: () => groups.current(),
    showGroup: (key) => groups.show(key),
    overlays: () => ({
      ...(tiled ? { '居住区·类型（矢量切片）': layers.background } : {}), ...layers.overlays, ...(walking.shown ? { [LOST_LAYER]: walking.layer } : {}),
    }),
    mapClick: (event) => whatIf.mapClicked(event),
    async activate() {
      [layers.background, ...layers.shownByDefault].forEach((layer) => layer.addTo(ctx.map));
      showLegend();
      if (!panel.dataset.loaded) {
        await load();
        showLegend();
      }
    },
    deactivate() { [layers.background, walking.layer, ...Object.values(layers.overlays)].forEach((layer) => ctx.map.removeLayer(layer)); whatIf.setMode('browse'); },
    /** Staff see every operating institution (the public only filed ones), and only planners may run what-ifs. */
    sessionChanged() {
      delete panel.dataset.loaded;
      whatIf.refreshAccess();
      siting.refreshAccess();
    },
  };
}
