// What-if: place, move or remove hypothetical institutions on the map; POST /api/analysis/coverage answers
// the baseline and the scenario (nothing is written), and the figures and area colours follow the scenario.
// Only planners (and admins) may run one: anyone else sees which sign-in it needs.
import { api } from './api.js';
import { signInNeeded } from './auth.js';
import * as words from './labels.js';
import { session } from './session.js';
import { fmt, h, replace, section, showError } from './ui.js';

export function createWhatIf({ ctx, settings, layer, getBaseline, showAreas, institutionMarkers }) {
  const changes = { add: [], move: new Map(), remove: new Set() };
  let mode = 'browse';
  let moving = null; // the institution picked to move, waiting for its new place

  const slots = h('input', { type: 'number', id: 'whatif-slots', min: 1, max: 500, value: 60, step: 10 });
  const modeButtons = Object.entries({ browse: '浏览', add: '添加机构', move: '移动机构', remove: '移除机构' }).map(([key, label]) =>
    h('button', { type: 'button', class: 'mode', dataset: { mode: key }, 'aria-pressed': String(key === 'browse'), onclick: () => setMode(key) }, label));
  const hint = h('p', { class: 'hint', id: 'whatif-hint' });
  const changeList = h('ul', { class: 'plain changes', id: 'whatif-changes' });
  const run = h('button', { type: 'button', id: 'whatif-run', class: 'primary', onclick: () => compute() }, '计算假设');
  const clear = h('button', { type: 'button', id: 'whatif-reset', onclick: () => reset() }, '清除');
  const result = h('div', { id: 'whatif-result' });

  const access = h('div', { id: 'whatif-access' });
  const controls = h('div', { id: 'whatif-controls' },
    h('div', { class: 'row modes', role: 'group', 'aria-label': '操作' }, modeButtons),
    h('label', { class: 'field', for: 'whatif-slots' }, h('span', {}, '新机构核定托位'), slots),
    hint, changeList, h('div', { class: 'row' }, run, clear), result);
  const panel = section('假设分析（不写入数据）', access, controls);
  const allowed = () => session.can('plan');

  /** Shows the controls to planners, and to anyone else the sign-in they need. */
  function refreshAccess() {
    controls.hidden = !allowed();
    replace(access, allowed() ? null : signInNeeded('plan', '假设分析', 'whatif-sign-in'));
    if (!allowed()) { setMode('browse'); reset(); }
  }

  const hints = {
    browse: '选择一种操作，再在地图上点击。',
    add: '在地图上点击放置假设的新机构。',
    move: '先点击一个现有机构，再点击它的新位置。',
    remove: '点击现有机构，将其从假设中移除（再次点击恢复）。',
  };

  function setMode(next) {
    mode = next;
    moving = null;
    modeButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.mode === next)));
    hint.textContent = hints[next];
    ctx.map.getContainer().classList.toggle('picking', next !== 'browse');
  }

  function draw() {
    layer.clearLayers();
    changes.add.forEach((a, i) => L.marker([a.lat, a.lon], { icon: L.divIcon({ className: 'poi hypothetical', html: '+', iconSize: [24, 24] }) })
      .bindTooltip(h('span', {}, `${a.name}（假设）`, h('br'), `核定托位 ${a.approved_slots}`)).on('click', () => { if (mode === 'remove') { changes.add.splice(i, 1); draw(); } }).addTo(layer));
    for (const [id, m] of changes.move) {
      L.polyline([[m.from.lat, m.from.lng], [m.lat, m.lon]], { color: '#7c3aed', dashArray: '4 4', interactive: false }).addTo(layer);
      L.marker([m.lat, m.lon], { icon: L.divIcon({ className: 'poi hypothetical moved', html: '→', iconSize: [24, 24] }) }).bindTooltip(h('span', {}, `${m.name}（移至此处）`)).addTo(layer);
      void id;
    }
    institutionMarkers.eachLayer((marker) => {
      const id = marker.feature.id;
      marker.setStyle({ fillOpacity: changes.remove.has(id) ? 0.15 : 1, dashArray: changes.remove.has(id) ? '2 2' : null, color: changes.remove.has(id) ? '#dc2626' : '#fff' });
    });
    replace(changeList,
      changes.add.map((a) => h('li', {}, `＋ 新增 ${a.name}（${a.approved_slots} 托位）`)),
      [...changes.move.values()].map((m) => h('li', {}, `→ 移动 ${m.name}`)),
      [...changes.remove].map((id) => h('li', {}, `－ 移除 ${nameOf(id)}`)));
    run.disabled = changes.add.length + changes.move.size + changes.remove.size === 0;
  }

  const nameOf = (id) => {
    let name = `#${id}`;
    institutionMarkers.eachLayer((m) => { if (m.feature.id === id) name = m.feature.properties.name; });
    return name;
  };

  function reset() {
    changes.add = [];
    changes.move.clear();
    changes.remove.clear();
    moving = null;
    replace(result);
    showAreas(getBaseline());
    draw();
  }

  async function compute() {
    const body = {
      district: ctx.districtCode, radius_m: settings.radius, method: settings.method,
      add: changes.add.map(({ name, lon, lat, approved_slots }) => ({ name, lon, lat, approved_slots })),
      move: [...changes.move.entries()].map(([id, m]) => ({ id, lon: m.lon, lat: m.lat })),
      remove: [...changes.remove],
    };
    try {
      const answer = await api('/api/analysis/coverage', { method: 'POST', body });
      const changedAreas = answer.diff?.areas ?? [];
      showAreas(answer.scenario, new Set(changedAreas.map((a) => String(a.area_id))));
      const before = answer.baseline?.district ?? {};
      const after = answer.scenario?.district ?? {};
      const row = (key, label, format, better) => {
        const changed = before[key] !== after[key];
        const improved = better === 'up' ? after[key] > before[key] : after[key] < before[key];
        return h('tr', { dataset: { figure: key }, class: changed ? (improved ? 'improved' : 'worsened') : '' },
          h('th', {}, label), h('td', { class: 'before' }, format(before[key])), h('td', { class: 'after' }, format(after[key])));
      };
      // The areas whose figures moved most, largest change first.
      const moved = [...changedAreas].sort((a, b) => Math.abs(b.after_per_thousand - b.before_per_thousand) - Math.abs(a.after_per_thousand - a.before_per_thousand));
      replace(result, h('table', { class: 'diff', id: 'whatif-diff' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, '现状'), h('th', {}, '假设'))),
        h('tbody', {},
          row('slots_per_thousand', '千人托位', (v) => fmt.num(v), 'up'),
          row('accessible_slots', '步行可达托位', fmt.int, 'up'),
          row('gap', '托位缺口', fmt.int, 'down'),
          row('unserved_children', '未覆盖婴幼儿', fmt.int, 'down'),
          row('approved_slots', '核定托位', fmt.int, 'up'),
          row('institutions', '托育机构', fmt.int, 'up'))),
      h('p', { class: 'hint', id: 'whatif-measure' }, `现状与假设均按${words.distanceMeasure(answer.scenario?.parameters?.distance)}计算。`),
      h('p', { id: 'whatif-counts' }, `改善的居住区 ${answer.diff?.improved ?? 0} 个，变差 ${answer.diff?.worsened ?? 0} 个，共 ${changedAreas.length} 个居住区的数字有变化。地图已按假设结果着色（紫色边框为有变化的居住区）。`),
      moved.length ? h('details', { open: moved.length <= 5 }, h('summary', {}, '有变化的居住区'),
        h('ul', { class: 'plain', id: 'whatif-areas' }, moved.slice(0, 30).map((a) => h('li', { dataset: { area: a.area_id } },
          a.name, h('small', {}, ` ${fmt.num(a.before_per_thousand)} → ${fmt.num(a.after_per_thousand)} 托位/千人`,
            a.before_class !== a.after_class ? `（${words.word(words.coverageClasses, a.before_class)} → ${words.word(words.coverageClasses, a.after_class)}）` : ''))))) : null);
    } catch (error) {
      showError(error, '假设分析');
    }
  }

  draw();
  setMode('browse');
  refreshAccess();

  return {
    panel,
    reset,
    setMode,
    addedPoints: () => changes.add.map((a, i) => ({ id: `p${i + 1}`, name: a.name, lon: a.lon, lat: a.lat, capacity: a.approved_slots })),
    refreshAccess,
    mapClicked(event) {
      if (!allowed()) return;
      const { lat, lng } = event.latlng;
      if (mode === 'add') {
        changes.add.push({ name: `假设机构${changes.add.length + 1}`, lon: round(lng), lat: round(lat), approved_slots: Number(slots.value) || 60 });
        draw();
      } else if (mode === 'move' && moving) {
        changes.move.set(moving.id, { name: moving.properties.name, from: moving.latlng, lon: round(lng), lat: round(lat) });
        moving = null;
        hint.textContent = hints.move;
        draw();
      }
    },
    institutionClicked(feature, marker) {
      if (!allowed()) return;
      if (mode === 'remove') {
        if (changes.remove.has(feature.id)) changes.remove.delete(feature.id); else changes.remove.add(feature.id);
        draw();
      } else if (mode === 'move') {
        moving = { id: feature.id, properties: feature.properties, latlng: marker.getLatLng() };
        hint.textContent = `已选择“${feature.properties.name}”，请点击它的新位置。`;
      }
    },
  };
}

const round = (v) => Math.round(v * 1e6) / 1e6;
