// The domain's words in Chinese, keyed by the API's snake_case values.
export const serviceTypes = { full_day: '全日托', half_day: '半日托', hourly: '计时托', occasional: '临时托' };
export const classTypes = { infant: '乳儿班（6–12月）', toddler: '托小班（12–24月）', older: '托大班（24–36月）', mixed: '混龄班（18月以上）' };
/** Most children per class by type: the service's own figures (GET /api/config/standards), filled in as the page loads. */
export const classCaps = {};
fetch('/api/config/standards')
  .then((response) => (response.ok ? response.json() : {}))
  .then((standards) => Object.assign(classCaps, standards.class_caps ?? {}))
  .catch(() => {});
export const natures = { public_institution: '事业单位', non_profit: '非营利', for_profit: '营利' };
export const operatorTypes = { independent: '独立托育机构', kindergarten_class: '幼儿园托班', employer: '用人单位办托', community: '社区托育', home_based: '家庭托育点' };
export const filingStatuses = { unfiled: '未备案', filed: '已备案', non_compliant: '不符合（已告知）', cancelled: '注销' };
export const institutionStatuses = { operating: '运营中', planned: '筹建中', closed: '已关闭' };
export const venueTypes = { transport_hub: '交通枢纽', mall: '商业中心', hospital: '医院', tourist_site: '旅游景区', township_health_centre: '乡镇卫生院', community_health_centre: '社区卫生服务中心', workplace: '用人单位', other: '其他' };
export const equipment = { changing_table: '护理台（带安全带）', basin_hot_water: '洗手台（热水、洗手液）', crib: '婴儿床', nursing_chair: '哺乳椅', table: '桌子', power_socket: '电源插座', call_device: '呼叫设备', bin: '垃圾桶', lockable_door: '可上锁门或帘' };
export const landUses = { education: '教育用地', health_care: '医疗卫生用地', social_welfare: '社会福利用地', commercial: '商业服务用地', residential_service: '居住区服务设施用地', residential: '居住用地', industrial: '工业用地', green_space: '绿地', other: '其他' };
export const parcelStatuses = { idle: '闲置', low_efficiency: '低效', compatible: '兼容', reserve: '储备', sold: '已出让' };
export const residentialKinds = { new: '新建居住区', old: '老城区·已建成' };
export const coverageClasses = { covered: '达标', under_supplied: '不足', unserved: '无覆盖' };
export const methods = { step: '阶梯（半径内全计）', gaussian: '高斯距离衰减', bands: '分段（5/10/15分钟）' };
export const sitingModels = { mclp: '最大覆盖（MCLP）', capacitated: '带容量的最大覆盖', lscp: '集合覆盖（LSCP）', p_median: 'P-中值' };
export const candidateSources = { parcels: '储备/闲置地块', grid: '规则网格', points: '地图上选点' };
export const sitingSolvers = { auto: '自动（小规模精确）', exact: '精确求解', heuristic: '启发式（快速）' };
export const sitingMethods = { exact: '精确', heuristic: '启发式' };
/** The engine's solver names (Geo.Analysis.Siting.LocationAllocation) in the words a planner reads. */
export const solvers = {
  'lazy-greedy+swap': '贪心选址加交换改进',
  'lazy-greedy+redundancy': '贪心选址加冗余剔除',
  SCIP: 'SCIP 整数规划',
  'SCIP (not run: heuristic met its bound)': '启发式已达上界，无需整数规划',
};
export const siteSources = { parcel: '地块', point: '选点', grid: '网格', problem: '自有数据' };
/** What a model's objective measures. */
export const sitingObjectives = { mclp: '新覆盖的未满足托位', capacitated: '新址服务的托位', lscp: '所需新址数', p_median: '需求加权距离（托位·米）' };
export const sitingStages = { network: '计算距离', greedy: '贪心选址', swap: '交换改进', exact: '精确求解', coverage: '计算覆盖', saving: '保存方案', done: '完成' };
export const jobStatuses = { queued: '排队等候', running: '正在求解', succeeded: '已完成', failed: '失败', cancelled: '已取消' };
export const targetNames = {
  standardised_institutions: '规范化托育机构数', demonstration_institutions: '示范托育机构数', slots_per_thousand: '千人托位数',
  puhui_share: '普惠托位占比', institutions_per_subdistrict: '每个街道至少1家机构', nursing_room_coverage: '母婴室配置率', nursing_rooms: '应设母婴室的公共场所已设置',
  national_slots_per_thousand: '全国千人托位目标', local_standard: '居住区托位配建标准',
};
/** Where a plan target stands as of a day (/api/targets/progress). */
export const goalStatuses = { met: '已达标', on_track: '按期推进', at_risk: '进度滞后', missed: '逾期达标', overdue: '已逾期', not_met: '未达标' };

/** Minimum usable area of a 母婴室 (国卫指导发〔2016〕63号), as the API judges compliance. */
export const minimumRoomArea = 10;

/** What keeps a 母婴室 short of the standard, in words: too small, missing equipment (empty when compliant). */
export function roomShortfalls(p) {
  const missing = p.missing_equipment ?? [];
  return [
    p.usable_area_m2 !== undefined && p.usable_area_m2 !== null && p.usable_area_m2 < minimumRoomArea ? `面积不足${minimumRoomArea}平方米` : null,
    missing.length ? `缺${missing.length}项设施` : null,
  ].filter(Boolean);
}

/** The same, with the missing items named: "面积不足10平方米；缺护理台（带安全带）、婴儿床". */
export function roomShortfallDetail(p) {
  const missing = p.missing_equipment ?? [];
  return [roomShortfalls(p).find((why) => why.startsWith('面积')), missing.length ? `缺${missing.map((e) => word(equipment, e)).join('、')}` : null].filter(Boolean).join('；');
}

/** "2026-11-23T19:30": the present minute in China Standard Time, as the API's open_at takes it. */
export const chinaNow = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  .format(new Date()).replace(' ', 'T');

export const word = (dictionary, value) => dictionary[value] ?? value ?? '—';

const days = { Mo: '周一', Tu: '周二', We: '周三', Th: '周四', Fr: '周五', Sa: '周六', Su: '周日', PH: '节假日' };
/** "Mo-Fr 08:00-17:30; Sa 08:30-12:00" → "周一至周五 08:00-17:30；周六 08:30-12:00". */
export function openingHours(text) {
  if (!text) return '—';
  if (text.trim() === '24/7') return '全天开放';
  return text.split(';').map((rule) => rule.trim()
    .replace(/\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)-(Mo|Tu|We|Th|Fr|Sa|Su)\b/g, (_, a, b) => `${days[a]}至${days[b]}`)
    .replace(/\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b/g, (d) => days[d])
    .replace(/\boff\b/g, '休息')
    .replace(/,/g, '、')).join('；');
}

/** Administrative levels (DistrictLevel), and what a district set-up or import does to a unit. */
export const districtLevels = { province: '省', city: '市', district: '区县', subdistrict: '街道（乡镇）', community: '社区' };
export const setupActions = { create: '新建', update: '更新', unchanged: '不变', error: '有错误' };
/** The systems a boundary file may be in, as /api/import takes them ('' reads the file's own .prj, srs or crs). */
export const boundaryCrs = { '': '读取文件自带坐标系', 'EPSG:4326': 'WGS-84（经纬度）', 'EPSG:4490': 'CGCS2000（经纬度）', 'GCJ-02': 'GCJ-02（高德、腾讯）', 'BD-09': 'BD-09（百度）' };
/** How the topology check's findings read, and their colours on the map. */
export const topologyKinds = {
  overlaps: { text: '街道重叠', colour: '#dc2626' },
  gaps: { text: '不属于任何街道的缺口', colour: '#f59e0b' },
  outside: { text: '街道超出区县边界', colour: '#7c3aed' },
};
/** A new residential area's facility obligation (/api/housing-delivery): the verdict and the facility's status. */
export const housingVerdicts = { delivered: '已与住宅同步交付', pending: '住宅尚未交付', undated: '未录入住宅交付日期', missing: '未落实配建设施', late: '未同步交付', short: '配建托位不足' };
export const facilityStatuses = { planned: '规划中', under_construction: '建设中', delivered: '已交付' };
/**
 * What an analysis measured its radius by (its answer's parameters.distance), in a sentence's words, with the walking speed it used;
 * a city's answer gives `districts` (parameters.districts) where a district walks its network, each district measured its own way.
 */
export function distanceMeasure(distance, districts) {
  const walked = (d) => `步行路网距离（路网第 ${d.network_version} 版${d.walking_speed_mps ? `，步速 ${d.walking_speed_mps} 米/秒，半径约步行 ${d.radius_minutes} 分钟` : ''}）`;
  if (districts?.length) {
    return `各区各自的距离（${districts.map((d) => `${d.name}为${d.distance.distance === 'network' ? walked(d.distance) : '直线距离'}`).join('；')}）`;
  }
  return distance?.distance === 'network' ? walked(distance) : '直线距离（本区尚未导入步行路网）';
}
