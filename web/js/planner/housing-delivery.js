// 新建居住区配建: each new residential area of the district with the childcare facility it must deliver with its
// housing (≥ the new-area 托位 per 1,000 standard, 与住宅同步交付使用), faults first: no facility, delivered after the
// housing, or short of places. Staff only: the obligation is the planners' working record.
import { api, query } from '../api.js';
import * as words from '../labels.js';
import { session } from '../session.js';
import { fmt, h, notProvided, replace, section } from '../ui.js';

const facilityText = (a) => {
  const f = a.facility;
  if (!f) return '—';
  const what = f.kind === 'institution' ? '机构' : '地块';
  const name = f.found ? (f.name ?? f.reference) : `${f.reference}（记录不存在）`;
  return `${what}：${name}${f.slots !== null && f.slots !== undefined ? `，${fmt.num(f.slots, 0)} 托位` : ''}`;
};

const delivery = (a) => [words.word(words.facilityStatuses, a.facility_status), a.facility_delivered_on ? `（${a.facility_delivered_on}）` : ''].join('');

function areaRow(a) {
  return h('tr', { class: a.faults.length ? 'fault' : null, dataset: { area: a.id, verdict: a.verdict } },
    h('td', {}, a.name, /合成/.test(a.data_source) ? h('span', { class: 'badge synthetic-badge', title: a.data_source }, '示例数据') : null),
    h('td', {}, `${fmt.num(a.population, 0)} 人`, h('br'), h('small', {}, `应配 ${fmt.num(a.required_slots, 0)} 托位`)),
    h('td', {}, a.handover_on ?? '—'),
    h('td', {}, facilityText(a), h('br'), h('small', {}, delivery(a))),
    h('td', {}, a.faults.length
      ? a.faults.map((f) => h('span', { class: 'badge warn', style: 'white-space:nowrap' }, words.word(words.housingVerdicts, f)))
      : h('span', { class: `badge ${a.verdict === 'delivered' ? 'ok' : 'info'}`, style: 'white-space:nowrap' }, a.verdict_name)),
  );
}

export function housingTable(body) {
  const s = body.summary;
  const dated = body.areas.filter((a) => a.handover_on);
  return [
    h('p', { class: 'hint', id: 'housing-summary' },
      `截至 ${body.as_of}：新建居住区 ${s.new_areas} 个，住宅已交付 ${s.handed_over} 个，其中与住宅同步交付 ${s.delivered_with_housing} 个；`
      + `未落实设施 ${s.missing} 个，未同步交付 ${s.late} 个，托位不足 ${s.short_of_places} 个，未录入交付日期 ${s.no_handover_date} 个。`
      + `应配托位按每千人 ${fmt.num(body.slots_per_thousand, 0)} 个计。`),
    // Areas without a handover day are not judged yet: the summary counts them, the table leaves them out.
    dated.length
      ? h('table', { class: 'housing-delivery' },
        h('thead', {}, h('tr', {}, h('th', {}, '居住区'), h('th', {}, '人口 / 应配'), h('th', {}, '住宅交付'), h('th', {}, '配建设施'), h('th', {}, '状态'))),
        h('tbody', {}, dated.map(areaRow)))
      : h('p', { class: 'hint' }, '没有录入住宅交付日期的新建居住区'),
  ];
}

export function createHousingDelivery(ctx) {
  const box = h('div', { id: 'housing-delivery' });
  const panel = section('新建居住区配建托育设施', box);

  async function load() {
    // Staff only: the public is not asked, so its console stays clean and the box says why it is empty.
    if (!session.signedIn()) {
      replace(box, h('p', { class: 'hint' }, '登录后可查看新建居住区的配建情况'));
      return;
    }

    try {
      replace(box, housingTable(await api(`/api/housing-delivery?${query({ unit: ctx.districtCode })}`)));
    } catch (error) {
      if (error.status === 401 || error.status === 403) replace(box, h('p', { class: 'hint' }, '登录后可查看新建居住区的配建情况'));
      else if (error.notProvided) replace(box, notProvided('新建居住区配建'));
      else throw error;
    }
  }

  return { panel, load };
}
