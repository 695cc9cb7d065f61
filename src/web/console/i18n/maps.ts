/** Words of the maps (the map of open cases 一张图, the location pickers) and the canned replies (常用语). */
const zh = {
  "maps.nav.caseMap": "一张图",
  "maps.caseMap.label": "辖区在办案件地图",
  "maps.caseMap.hint": "点击圆点打开案件；缩小地图时相近的案件合并为一个圆圈，颜色取其中最紧急的时限状态。",
  "maps.caseMap.shown": "地图上 {shown} 件在办案件",
  "maps.caseMap.truncated": "共 {total} 件，只显示时限最近的 {shown} 件",
  "maps.caseMap.withoutPoint": "另有 {n} 件只定位到区域，没有坐标，未在图上",
  "maps.caseMap.cluster": "{n} 件案件，其中超期 {overdue} 件、临期 {warning} 件；点击放大",
  "maps.caseMap.point": "{number} · {category} · {region}",
  "maps.caseMap.uncategorised": "未分类",
  "maps.state.ok": "正常",
  "maps.state.warning": "临期预警",
  "maps.state.overdue": "已超期",
  "maps.legend": "图例",
  "maps.picker.communityLabel": "所在社区（村）",
  "maps.picker.outside": "该位置不在已划定的网格内",
  "maps.picker.locating": "正在查找所在社区…",
  "canned.pick": "插入常用语",
  "canned.none": "本单位还没有这类常用语",
  "canned.keep": "存为常用语",
  "canned.kept": "已存为本单位常用语",
};

const en: Record<keyof typeof zh, string> = {
  "maps.nav.caseMap": "Case map",
  "maps.caseMap.label": "Map of the open cases in your area",
  "maps.caseMap.hint":
    "Click a dot to open the case. Zoomed out, nearby cases merge into one circle, coloured by the most pressing deadline among them.",
  "maps.caseMap.shown": "{shown} open cases on the map",
  "maps.caseMap.truncated": "{total} in all; showing the {shown} nearest their deadline",
  "maps.caseMap.withoutPoint": "{n} more are placed by region only, without a point, and are not on the map",
  "maps.caseMap.cluster": "{n} cases, {overdue} overdue and {warning} in warning; click to zoom in",
  "maps.caseMap.point": "{number} · {category} · {region}",
  "maps.caseMap.uncategorised": "Not categorised",
  "maps.state.ok": "On track",
  "maps.state.warning": "Warning",
  "maps.state.overdue": "Overdue",
  "maps.legend": "Legend",
  "maps.picker.communityLabel": "Community (village)",
  "maps.picker.outside": "This place is not inside any mapped grid",
  "maps.picker.locating": "Finding the community…",
  "canned.pick": "Insert a canned reply",
  "canned.none": "Your unit has no canned replies for this yet",
  "canned.keep": "Keep as canned reply",
  "canned.kept": "Kept as your unit's canned reply",
};

export const maps = { zh, en };
