/** Words of the cockpit: the three rates, rankings, trend, density map, exports. */
const zh = {
  "nav.cockpit.main": "三率驾驶舱",

  "export.xlsx": "导出 Excel",
  "export.csv": "导出 CSV",
  "export.aria": "将{what}导出为 {format}",

  "cockpit.title": "三率驾驶舱",
  "cockpit.scope": "统计范围",

  "cockpit.scope.all": "全部（我的范围）",

  "cockpit.department": "部门",

  "cockpit.department.any": "全部部门",

  "cockpit.period": "统计期间",

  "cockpit.period.month": "本月",
  "cockpit.period.quarter": "本季度",
  "cockpit.period.year": "本年",
  "cockpit.period.last12": "近12个月",
  "cockpit.period.custom": "自定义",

  "cockpit.wall": "大屏模式",

  "cockpit.wall.exit": "退出大屏",
  "cockpit.wall.updated": "更新于 {time}，每 {seconds} 秒刷新",
  "cockpit.wall.rankRows": "第 {from}–{to} 行，共 {total} 行",

  "cockpit.refresh": "刷新",
  "cockpit.definition": "口径",
  "cockpit.of": "{n} / {d}",
  "cockpit.noData": "无数据",
  "cockpit.numeratorHint": "查看分子诉求",
  "cockpit.denominatorHint": "查看分母诉求",
  "cockpit.trend": "月度趋势",

  "cockpit.trend.received": "受理件数",
  "cockpit.trend.aria": "各月三率与综合得分的折线图及受理件数柱状图",

  "cockpit.rank.township": "乡镇（街道）排名",
  "cockpit.rank.county": "县（市、区）排名",
  "cockpit.rank.department": "部门排名",
  "cockpit.rank.name": "名称",
  "cockpit.rank.tooFew": "受理少于 {min} 件，不参与排名",

  "cockpit.categories": "诉求类别 Top 10",

  "cockpit.categories.aria": "受理件数最多的十个诉求类别的柱状图",

  "cockpit.density": "网格诉求密度",

  "cockpit.density.aria": "按网格着色的诉求密度地图，颜色越深诉求越多",
  "cockpit.density.tooltip": "{name}：{count} 件",
  "cockpit.density.withoutGrid": "未定位到网格的诉求：{n} 件",
  "cockpit.density.legend": "少 → 多（最多 {max} 件）",
  "cockpit.density.none": "期间内没有定位到网格的诉求",

  "cockpit.other": "其他指标",
  "cockpit.uncategorised": "（未分类）",

  "cockpit.cases.title": "{figure}·{part}",
  "cockpit.cases.numerator": "分子",
  "cockpit.cases.denominator": "分母",
  "cockpit.cases.back": "返回驾驶舱",
  "cockpit.cases.total": "共 {n} 件",

  "case.number": "编号",
  "case.status": "状态",
  "case.category": "类别",
  "case.region": "地区",
  "case.createdAt": "受理时间",
  "case.respondedAt": "响应时间",
  "case.repliedAt": "答复时间",
  "case.evaluation": "评价",
  "case.handlingLevel": "办理层级",

  "resolved.true": "已解决",
  "resolved.false": "未解决",
} as const;

const en: Record<keyof typeof zh, string> = {
  "nav.cockpit.main": "Rates cockpit",

  "export.xlsx": "Export Excel",
  "export.csv": "Export CSV",
  "export.aria": "Export {what} as {format}",

  "cockpit.title": "Rates cockpit",
  "cockpit.scope": "Scope",

  "cockpit.scope.all": "All (my scope)",

  "cockpit.department": "Department",

  "cockpit.department.any": "All departments",

  "cockpit.period": "Period",

  "cockpit.period.month": "This month",
  "cockpit.period.quarter": "This quarter",
  "cockpit.period.year": "This year",
  "cockpit.period.last12": "Last 12 months",
  "cockpit.period.custom": "Custom",

  "cockpit.wall": "Wall display",

  "cockpit.wall.exit": "Leave wall display",
  "cockpit.wall.updated": "Updated {time}, refreshed every {seconds} s",
  "cockpit.wall.rankRows": "Rows {from}–{to} of {total}",

  "cockpit.refresh": "Refresh",
  "cockpit.definition": "Definition",
  "cockpit.of": "{n} / {d}",
  "cockpit.noData": "No data",
  "cockpit.numeratorHint": "Cases of the numerator",
  "cockpit.denominatorHint": "Cases of the denominator",
  "cockpit.trend": "Monthly trend",

  "cockpit.trend.received": "Received",
  "cockpit.trend.aria": "Line chart of the three rates and composite by month, bars of appeals received",

  "cockpit.rank.township": "Townships ranked",
  "cockpit.rank.county": "Counties ranked",
  "cockpit.rank.department": "Departments ranked",
  "cockpit.rank.name": "Name",
  "cockpit.rank.tooFew": "Fewer than {min} cases received: not ranked",

  "cockpit.categories": "Top 10 categories",

  "cockpit.categories.aria": "Bar chart of the ten categories with most appeals",

  "cockpit.density": "Appeal density by grid",

  "cockpit.density.aria": "Map of grids coloured by number of appeals, darker is more",
  "cockpit.density.tooltip": "{name}: {count}",
  "cockpit.density.withoutGrid": "Appeals not located in a grid: {n}",
  "cockpit.density.legend": "fewer → more (most: {max})",
  "cockpit.density.none": "No appeal located in a grid in this period",

  "cockpit.other": "Other figures",
  "cockpit.uncategorised": "(no category)",

  "cockpit.cases.title": "{figure} · {part}",
  "cockpit.cases.numerator": "numerator",
  "cockpit.cases.denominator": "denominator",
  "cockpit.cases.back": "Back to the cockpit",
  "cockpit.cases.total": "{n} cases",

  "case.number": "Number",
  "case.status": "Status",
  "case.category": "Category",
  "case.region": "Region",
  "case.createdAt": "Received",
  "case.respondedAt": "Responded",
  "case.repliedAt": "Replied",
  "case.evaluation": "Evaluation",
  "case.handlingLevel": "Level",

  "resolved.true": "Resolved",
  "resolved.false": "Not resolved",
};

export const cockpit = { zh, en };
