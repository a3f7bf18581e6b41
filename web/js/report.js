// The district report (report.html#district=350102[&scenario=12]): the document a planner hands to the district
// government, on A4 pages. It reads what the planner view reads (coverage, targets, 母婴室) and, for a signed-in
// planner, the chosen siting scenario (the link's, else the latest saved); it draws the map from the data alone,
// so it prints the same with or without a base map. body[data-ready] says when it is complete (printing waits on it).
import { api, query } from './api.js';
import * as words from './labels.js';
import { ratioClasses, ratioColour } from './planner/layers.js';
import { summaryFigures, withUnit } from './planner/panels.js';
import { session } from './session.js';
import { fmt, h, replace } from './ui.js';

const LARGEST_GAPS = 10;
const params = new URLSearchParams(location.hash.replace(/^#/, ''));
const root = document.getElementById('report');

async function start() {
  await signedIn();
  const config = await api('/api/config').catch(() => ({}));
  const code = params.get('district') || config.default_district;
  const [districts, streets] = await Promise.all([
    api('/api/districts?level=district'), api('/api/districts?level=subdistrict&page_size=1000')]);
  const district = districts.features.find((f) => f.properties.code === code) ?? districts.features[0];
  const dc = district.properties.code;
  const ownStreets = { ...streets, features: streets.features.filter((f) => f.properties.parent_code === dc) };
  const [coverage, targets, nursing, institutions, scenario] = await Promise.all([
    api(`/api/analysis/coverage?${query({ district: dc, radius_m: 300, method: 'step' })}`),
    api(`/api/analysis/targets?${query({ district: dc })}`).catch(() => null),
    api(`/api/analysis/nursing-rooms?${query({ district: dc, nearby_m: 50 })}`).catch(() => null),
    api(`/api/institutions?${query({ district: dc, status: 'operating', page_size: 1000 })}`),
    chosenScenario(dc),
  ]);
  const today = words.chinaNow().slice(0, 10);
  const name = district.properties.name;
  document.title = `${name}托育服务设施规划报告 · ${today}`;
  const map = h('div', { id: 'report-map', role: 'img', 'aria-label': `${name}居住区覆盖、托育机构与街道` });
  replace(root,
    h('div', { class: 'toolbar no-print' }, h('button', { type: 'button', onclick: () => print() }, '打印或存为 PDF'),
      h('a', { href: `./#view=planner&district=${dc}` }, '返回规划分析')),
    h('h1', {}, `${name}托育服务设施规划报告`),
    h('p', { class: 'meta' }, `生成日期 ${today} · 服务半径 ${fmt.metres(coverage.parameters?.radius_m ?? 300)}（${coverage.parameters?.districts?.length ? '各区按步行路网或直线' : coverage.parameters?.distance?.distance === 'network' ? '步行路网' : '直线'}）· TuoyuGeo 托育设施规划`),
    h('section', {}, h('h2', {}, '一、覆盖现状图'), map, mapLegend()),
    h('section', {}, h('h2', {}, '二、主要指标'), summaryFigures(coverage.district)),
    h('section', {}, h('h2', {}, '三、规划目标'), targetsSection(targets, [district, ...ownStreets.features])),
    h('section', { class: 'page-break' }, h('h2', {}, '四、各街道情况'), streetTable(coverage)),
    h('section', {}, h('h2', {}, `五、托位缺口最大的 ${LARGEST_GAPS} 个居住区`), gapTable(coverage)),
    h('section', {}, h('h2', {}, '六、母婴室配置'), nursingSection(nursing)),
    h('section', {}, h('h2', {}, '七、选址方案'), scenarioSection(scenario)),
    h('section', {}, h('h2', {}, '八、数据来源与说明'), sourcesSection(coverage, institutions, today)),
    h('footer', { class: 'report-footer' }, `${name} · 托育服务设施规划报告 · ${today}`));
  drawMap(map, district, ownStreets, coverage, institutions.features);
  document.body.dataset.ready = 'true';
}

/** A planner's token kept in this tab (the planner view's sign-in): it lets the report list the saved scenarios. */
async function signedIn() {
  const token = session.token();
  if (!token) return;
  try {
    const me = await api('/api/auth/me');
    session.begin(token, me.name, me.roles ?? []);
  } catch { /* the public report, without the scenario */ }
}

async function chosenScenario(district) {
  if (!session.can('plan')) return { denied: true };
  const id = params.get('scenario') ?? (await api(`/api/analysis/scenarios?${query({ district, page_size: 1 })}`)).scenarios?.[0]?.id;
  return id ? api(`/api/analysis/scenarios/${encodeURIComponent(id)}`) : null;
}

function drawMap(element, district, streets, coverage, institutions) {
  const map = L.map(element, { zoomControl: false, attributionControl: false, zoomSnap: 0.25, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, keyboard: false });
  const outline = L.geoJSON(district, { style: { color: '#0f5b78', weight: 2.5, fill: false }, interactive: false }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [8, 8], animate: false }); // first: the 街道 names are placed on a map with a view
  L.geoJSON(coverage.areas, {
    interactive: false,
    style: (f) => ({ color: '#475569', weight: 0.5, fillColor: ratioColour(f.properties), fillOpacity: 0.75 }),
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 3, color: '#475569', weight: 0.5, fillColor: ratioColour(f.properties), fillOpacity: 0.9 }),
  }).addTo(map);
  L.geoJSON(streets, {
    interactive: false,
    style: { color: '#334155', weight: 1, dashArray: '4 3', fill: false },
    onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, { permanent: true, direction: 'center', className: 'street-label' }),
  }).addTo(map);
  institutions.forEach((f) => {
    const [lng, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lng], { radius: 4, color: '#fff', weight: 1, fillColor: f.properties.is_puhui ? '#0f766e' : '#2563eb', fillOpacity: 1, interactive: false }).addTo(map);
  });
}

const swatch = (colour, text, dot = false) => h('span', {}, h('i', { class: dot ? 'dot' : '', style: `--c:${colour}` }), text);
const mapLegend = () => h('p', { class: 'map-legend' }, '可达托位/千人对比标准：', ratioClasses.map((c) => swatch(c.colour, c.label)),
  swatch('#0f766e', '普惠托育机构', true), swatch('#2563eb', '其他托育机构', true));

const table = (headings, rows, numeric = []) => h('table', {},
  h('thead', {}, h('tr', {}, headings.map((t, i) => h('th', { class: numeric.includes(i) ? 'number' : null }, t)))),
  h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', { class: numeric.includes(i) ? 'number' : null }, c))))));

const verdict = (met, yes = '达标', no = '未达标') => h('span', { class: met ? 'met' : 'unmet' }, met ? yes : no);

function targetsSection(body, units) {
  if (!body?.targets?.length) return h('p', { class: 'note' }, '本区尚未录入规划目标。');
  const names = Object.fromEntries(units.map((f) => [f.properties.code, f.properties.name]));
  const named = (text) => text.replace(/\b\d{6}(\d{3})?\b/g, (code) => names[code] ?? code);
  return [
    h('p', { class: 'note' }, `截至 ${body.as_of ?? '今日'}。`),
    table(['目标', '现状', '要求', '状态', '期限', '依据'], body.targets.map((t) => [
      named(t.target ?? words.word(words.targetNames, t.kind)), withUnit(t.kind, t.current), withUnit(t.kind, t.required),
      [verdict(t.met, '达标', `还差 ${withUnit(t.kind, t.shortfall)}`), t.overdue ? '（已逾期）' : ''], t.due_date ?? '—',
      h('span', { class: 'source' }, t.source ? named(t.source.replace(/\s*\(\d{6}(\d{3})?\)/g, '')) : '—')]), [1, 2]),
  ];
}

function streetTable(coverage) {
  const rows = coverage.subdistricts ?? [];
  if (!rows.length) return h('p', { class: 'note' }, '本区尚无街道数据。');
  return table(['街道', '常住人口', '千人托位', '要求', '托育机构', '托位缺口', '托位标准', '机构数'], rows.map((s) => [
    s.name, fmt.int(s.population), `${fmt.num(s.slots_per_thousand)} 托位/千人`, `${fmt.num(s.required_per_thousand)} 托位/千人`,
    `${s.institutions} 家`, `${fmt.int(s.gap)} 托位`, verdict(s.meets_local_standard), verdict(s.meets_institution_target)]), [1, 2, 3, 4, 5]);
}

function gapTable(coverage) {
  const largest = [...(coverage.areas?.features ?? [])].filter((f) => f.properties.gap > 0)
    .sort((a, b) => b.properties.gap - a.properties.gap).slice(0, LARGEST_GAPS);
  if (!largest.length) return h('p', { class: 'note' }, '所有居住区均已达标。');
  return table(['居住区', '类型', '常住人口', '可达托位', '标准', '托位缺口'], largest.map(({ properties: p }) => [
    p.name, words.word(words.residentialKinds, p.kind), fmt.int(p.population), `${fmt.num(p.accessible_per_thousand)} 托位/千人`,
    `${fmt.num(p.standard_per_thousand)} 托位/千人`, `${fmt.num(p.gap)} 托位`]), [2, 3, 4, 5]);
}

function nursingSection(body) {
  if (!body) return h('p', { class: 'note' }, '母婴室配置分析暂不可用。');
  const required = body.required_places ?? 0;
  const withRoom = body.places_with_room ?? 0;
  const lacking = body.places_lacking?.features ?? [];
  const nonCompliant = body.non_compliant_rooms?.features ?? [];
  return [
    h('p', {}, `应配置母婴室的场所 ${required} 处，已配置 ${withRoom} 处（配置率 ${required ? fmt.pct(withRoom / required) : '—'}）；设施不全的母婴室 ${nonCompliant.length} 处。`),
    lacking.length ? table(['应设未设的场所', '类型'], lacking.map((f) => [f.properties.name, words.word(words.venueTypes, f.properties.place_type)])) : null,
    nonCompliant.length ? table(['设施不全的母婴室', '缺少'], nonCompliant.map((f) => [f.properties.name, words.roomShortfallDetail(f.properties)])) : null,
  ];
}

function scenarioSection(s) {
  if (s?.denied) return h('p', { class: 'note' }, '选址方案仅对规划人员可见：在规划分析中登录后打开本报告即可列入。');
  if (!s) return h('p', { class: 'note' }, '本区尚未保存选址方案。');
  const sites = s.sites?.features ?? [];
  return [
    h('p', {}, `方案“${s.name}”（${words.word(words.sitingModels, s.model)}，${fmt.metres(s.radius_m)}）：新增 ${sites.length} 处，`,
      `托位缺口由 ${fmt.int(s.coverage_before?.gap)} 降至 ${fmt.int(s.coverage_after?.gap)} 托位。`),
    sites.length ? table(['序号', '位置', '来源', '服务需求'], sites.map(({ properties: site }, i) => [i + 1, site.parcel_code ? `${site.parcel_code} ${site.name}` : site.name,
      words.word(words.siteSources, site.source), `${fmt.num(site.served_demand)} 托位`]), [0, 3]) : null,
  ];
}

function sourcesSection(coverage, institutions, today) {
  const sources = new Set(institutions.features.map((f) => f.properties.data_source).filter(Boolean));
  return h('ul', {},
    // The API says census where the district's population is the census figure itself; any other source is its own words.
    h('li', {}, `人口：${{ census: '2020年第七次全国人口普查' }[coverage.population?.source] ?? coverage.population?.source ?? '区县常住人口'}；托位标准与依据见“规划目标”。`),
    h('li', {}, `托育机构：${[...sources].map((s) => (/synthetic/i.test(s) ? '示例数据（合成）' : s)).filter((v, i, a) => a.indexOf(v) === i).join('、') || '—'}。`),
    h('li', {}, `距离：按${words.distanceMeasure(coverage.parameters?.distance, coverage.parameters?.districts)}计算；居住区可达托位按两步移动搜索法计算。`),
    h('li', {}, `报告日期：${today}。`));
}

start().catch((error) => {
  replace(root, h('p', { class: 'unmet', role: 'alert' }, `报告生成失败：${error.message ?? error}`));
  document.body.dataset.ready = 'error';
});
