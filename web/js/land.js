// 用地保障: candidate parcels ranked by the unmet demand they would serve (/api/analysis/priority-parcels), the
// reason for each, filters, and an export of the list as shown (CSV for the 年度用地计划, or GeoJSON).
// Parcels are never public: without a staff sign-in the view says which one it needs. Land officers may edit a
// parcel's attributes; the edit carries the version it was read at, so a parcel changed meanwhile is not overwritten.
// Here the parts meet: state and loading (land/parcels.js), map layers (land/map.js), panel (land/panel.js).
import { legendGroup, legendRow } from './basemap.js';
import * as words from './labels.js';
import { editParcel } from './land/edit.js';
import { createParcelMap, RANK_COLOURS, STATUS_COLOURS } from './land/map.js';
import { createLandPanel } from './land/panel.js';
import { completeParcel, idOf, loadParcels, parcelState } from './land/parcels.js';
import { session } from './session.js';
import { useTiles } from './tiles.js';
import { h, showError } from './ui.js';

export function createLandView(ctx) {
  const state = parcelState();
  const panel = createLandPanel(state, { district: () => ctx.districtCode, load: () => load(), render: (how) => render(how), reveal: (f, zoom) => reveal(f, zoom) });
  const map = createParcelMap(ctx.map, state, { open: (f) => open(f), reveal: (f) => reveal(f), keepsUnlisted: panel.keepsUnlisted });
  const { element } = panel;

  async function load() {
    const district = ctx.districtCode;
    const allowed = session.can('readParcels');
    panel.showAccess(allowed);
    map.clear();
    if (!allowed) {
      state.parcels = [];
      render();
      element.dataset.loaded = 'true';
      return;
    }
    // A failed count leaves the map on GeoJSON, whose own call then says what went wrong.
    const tiled = await useTiles('parcels', { district, forced: ctx.tiles }).catch(() => false);
    try {
      panel.showSummary(await loadParcels(state, { district, radius: panel.radius(), tiled }));
    } catch (error) {
      return showError(error, '地块优先级');
    }
    panel.showOrder(state.ranked);
    render();
    map.attach(tiled);
    element.dataset.loaded = 'true';
  }

  function render({ follow = false } = {}) {
    const shown = panel.visible();
    map.show(shown);
    panel.showList(shown);
    if (state.selected && !shown.includes(state.selected)) closeCard();
    const drawn = shown.filter((f) => f.geometry);
    if (follow && drawn.length) ctx.map.fitBounds(L.geoJSON({ type: 'FeatureCollection', features: drawn }).getBounds(), { maxZoom: 16, padding: [24, 24] });
  }

  /** Opens a parcel's card, reading the parcel first when only the ranking or a tile knew it. */
  async function reveal(f, zoom = false) {
    try {
      await completeParcel(state, f);
    } catch (error) { showError(error, '读取地块'); return; }
    open(f, zoom);
  }

  function open(f, zoom = false) {
    const previous = state.selected;
    state.selected = f;
    map.highlight(previous);
    const onEdit = session.can('editParcels') && idOf(f) !== undefined
      ? () => editParcel(f, panel.card, { saved: () => { render(); open(f); }, cancel: () => open(f) }) : null;
    panel.showCard(f, { close: closeCard, onEdit });
    if (zoom) ctx.map.fitBounds(L.geoJSON(f).getBounds(), { maxZoom: 17 });
  }

  function closeCard() {
    const previous = state.selected;
    state.selected = null;
    panel.hideCard();
    map.highlight(previous);
  }

  const statusLegend = () => legendGroup(map.overlays['地块（按优先级）'], Object.entries(STATUS_COLOURS).map(([k, c]) => legendRow(c, words.parcelStatuses[k])));

  return {
    panel: element,
    overlays: () => map.overlays,
    async activate() {
      Object.values(map.overlays).forEach((l) => l.addTo(ctx.map));
      const ranking = state.ranked || !element.dataset.loaded;
      ctx.setLegend(h('strong', {}, ranking ? '地块优先级（排名）' : '地块现状'),
        ranking ? legendGroup(map.overlays['地块（按优先级）'], legendRow(RANK_COLOURS[0], '最优先'), legendRow(RANK_COLOURS[2], '较优先'), legendRow(RANK_COLOURS[5], '一般')) : statusLegend());
      if (!element.dataset.loaded) {
        await load();
        if (element.dataset.access === 'denied') ctx.setLegend(h('strong', {}, '用地保障'), h('div', {}, '登录后显示地块'));
        else if (!state.ranked) ctx.setLegend(h('strong', {}, '地块现状'), statusLegend());
      }
    },
    deactivate() { Object.values(map.overlays).forEach((l) => ctx.map.removeLayer(l)); },
    sessionChanged() {
      delete element.dataset.loaded;
      delete element.dataset.access;
      closeCard();
    },
  };
}
