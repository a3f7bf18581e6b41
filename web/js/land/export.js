// 用地保障's exports: the list as shown (CSV for the 年度用地计划, or GeoJSON), and the API's CSV of the whole ranking.
import { api, query } from '../api.js';
import * as words from '../labels.js';
import { download, showError } from '../ui.js';

const columns = ['rank', 'score', 'code', 'name', 'reason', 'unmet_demand', 'residential_areas_within', 'estimated_places', 'land_use', 'status', 'area_m2', 'allocation_eligible', 'owner', 'data_source'];
const headings = ['排名', '得分', '地块编码', '名称', '理由', '未满足需求（托位）', '覆盖居住区', '可容纳托位', '用地性质', '现状', '面积（平方米）', '可划拨', '权属', '数据来源'];

const cell = (v) => {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const value = (p, c) => (c === 'land_use' ? words.word(words.landUses, p[c]) : c === 'status' ? words.word(words.parcelStatuses, p[c])
  : c === 'area_m2' && p[c] !== undefined ? Math.round(p[c]) : c === 'allocation_eligible' && p[c] !== undefined ? (p[c] ? '是' : '否') : p[c]);

export function exportShownCsv(shown, district) {
  const lines = [headings.map(cell).join(','), ...shown.map((f) => columns.map((c) => cell(value(f.properties, c))).join(','))];
  // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
  download(`优先地块-${district}.csv`, `\uFEFF${lines.join('\r\n')}\r\n`, 'text/csv;charset=utf-8');
}

export function exportGeoJson(shown, district) {
  download(`优先地块-${district}.geojson`, JSON.stringify({ type: 'FeatureCollection', features: shown }, null, 1), 'application/geo+json');
}

/** The API's own CSV of the whole ranking (every parcel, with the score's parts), for the 年度用地计划. */
export async function exportFullCsv(district, radius) {
  try {
    const text = await api(`/api/analysis/priority-parcels?${query({ district, radius_m: radius, format: 'csv' })}`);
    // fetch's text() drops the byte-order mark; spreadsheet programs need it to read UTF-8.
    download(`优先地块-${district}-完整排名.csv`, `\uFEFF${text}`, 'text/csv;charset=utf-8');
  } catch (error) { showError(error, '导出完整排名'); }
}
