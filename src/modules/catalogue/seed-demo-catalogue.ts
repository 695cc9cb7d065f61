import type { Db } from "../../db/client.js";
import { categories, holidays } from "../../db/schema.js";
import { bumpHolidaysVersion } from "./holidays-version.js";
import { invalidateWorkingCalendar } from "./load-working-calendar.js";
import { PRC_HOLIDAYS_2026 } from "./prc-holidays.js";

type DemoCategory = Omit<typeof categories.$inferInsert, "sortOrder" | "active" | "createdAt" | "updatedAt">;

const DAY = 24;

/**
 * The demo dispatch catalogue, drawn from the source document's appeals (sewage, wires randomly
 * connected, heating and gas, fitness equipment and playgrounds, neighbour and family quarrels,
 * micro-wishes). Levels follow 小事不出村、大事不出镇: what a grid worker or the village settles
 * stays there; what needs a township's coordination or a department's powers goes up. Parents
 * carry the usual values of their children, used only if they ever become leaves themselves.
 */
export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    code: "sanitation",
    name: "环境卫生",
    nameEn: "Sanitation",
    handlingLevel: "village",
    responseHours: 12,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    icon: "trash",
  },
  {
    code: "sanitation.garbage",
    parentCode: "sanitation",
    name: "垃圾未及时清运",
    nameEn: "Garbage not collected",
    handlingLevel: "village",
    responseHours: 12,
    handleHours: 2 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "sanitation-garbage",
    open311Keywords: "garbage,rubbish,waste,bins",
    icon: "trash",
  },
  {
    code: "sanitation.sewage",
    parentCode: "sanitation",
    name: "污水外溢",
    nameEn: "Sewage overflow",
    handlingLevel: "township",
    responseHours: 4,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "sanitation-sewage",
    open311Keywords: "sewage,drain,sewer,wastewater",
    icon: "droplet",
  },
  {
    code: "sanitation.toilet",
    parentCode: "sanitation",
    name: "公共厕所脏乱或损坏",
    nameEn: "Public toilet dirty or broken",
    handlingLevel: "department",
    departmentType: "urban_management",
    // One working day to respond, five to fix: a toilet is a job for the sanitation crews' rota.
    responseHours: 7.5,
    handleHours: 5 * 7.5,
    deadlineKind: "working",
    open311ServiceCode: "sanitation-toilet",
    open311Keywords: "toilet,restroom,public convenience",
    icon: "toilet",
  },
  {
    code: "roads",
    name: "道路交通",
    nameEn: "Roads",
    handlingLevel: "township",
    responseHours: 24,
    handleHours: 7 * DAY,
    deadlineKind: "calendar",
    icon: "road",
  },
  {
    code: "roads.pothole",
    parentCode: "roads",
    name: "路面坑洼破损",
    nameEn: "Pothole or damaged road surface",
    handlingLevel: "department",
    departmentType: "transport",
    responseHours: 24,
    handleHours: 10 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "roads-pothole",
    open311Keywords: "pothole,road damage,pavement",
    icon: "road",
  },
  {
    code: "roads.blocked",
    parentCode: "roads",
    name: "占道堵路",
    nameEn: "Road blocked or occupied",
    handlingLevel: "department",
    departmentType: "urban_management",
    responseHours: 4,
    handleHours: 2 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "roads-blocked",
    open311Keywords: "blocked road,obstruction,illegal occupation,stalls",
    icon: "cone",
  },
  {
    code: "streetlights",
    name: "路灯照明",
    nameEn: "Streetlights",
    handlingLevel: "township",
    responseHours: 24,
    handleHours: 5 * DAY,
    deadlineKind: "calendar",
    icon: "bulb",
  },
  {
    code: "streetlights.broken",
    parentCode: "streetlights",
    name: "路灯不亮",
    nameEn: "Streetlight out",
    handlingLevel: "township",
    responseHours: 24,
    handleHours: 5 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "streetlights-broken",
    open311Keywords: "streetlight,street light,lamp,dark",
    icon: "bulb",
  },
  {
    code: "heating_gas",
    name: "供暖燃气",
    nameEn: "Heating and gas",
    handlingLevel: "department",
    departmentType: "gas_heating",
    responseHours: 2,
    handleHours: 1 * DAY,
    deadlineKind: "calendar",
    icon: "flame",
  },
  {
    code: "heating_gas.no_heating",
    parentCode: "heating_gas",
    name: "暖气不热",
    nameEn: "No heating",
    handlingLevel: "department",
    departmentType: "gas_heating",
    responseHours: 2,
    handleHours: 1 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "heating-none",
    open311Keywords: "heating,radiator,cold,temperature",
    icon: "thermometer",
  },
  {
    code: "heating_gas.gas_smell",
    parentCode: "heating_gas",
    name: "燃气泄漏异味",
    nameEn: "Gas smell",
    handlingLevel: "department",
    departmentType: "gas_heating",
    // Urgent: someone on site within the hour, round the clock.
    responseHours: 1,
    handleHours: 1 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "gas-smell",
    open311Keywords: "gas,leak,smell,odour",
    icon: "flame",
  },
  {
    code: "property",
    name: "物业管理",
    nameEn: "Property management",
    handlingLevel: "village",
    responseHours: 24,
    handleHours: 5 * DAY,
    deadlineKind: "calendar",
    icon: "building",
  },
  {
    code: "property.elevator",
    parentCode: "property",
    name: "电梯故障",
    nameEn: "Elevator out of order",
    // The community committee presses the property company; trapped people call 119, not us.
    handlingLevel: "village",
    responseHours: 4,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "property-elevator",
    open311Keywords: "elevator,lift,stuck",
    icon: "elevator",
  },
  {
    code: "property.fees",
    parentCode: "property",
    name: "物业费纠纷",
    nameEn: "Property fees dispute",
    handlingLevel: "village",
    responseHours: 7.5,
    handleHours: 10 * 7.5,
    deadlineKind: "working",
    open311ServiceCode: "property-fees",
    open311Keywords: "property fees,management fee,property company",
    icon: "receipt",
  },
  {
    code: "disputes",
    name: "矛盾纠纷",
    nameEn: "Disputes",
    handlingLevel: "village",
    responseHours: 24,
    handleHours: 15 * DAY,
    deadlineKind: "calendar",
    icon: "handshake",
  },
  {
    code: "disputes.neighbour",
    parentCode: "disputes",
    name: "邻里纠纷",
    nameEn: "Neighbour dispute",
    handlingLevel: "village",
    responseHours: 24,
    handleHours: 15 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "disputes-neighbour",
    open311Keywords: "neighbour,noise,quarrel,mediation",
    icon: "handshake",
  },
  {
    code: "disputes.family",
    parentCode: "disputes",
    name: "婚姻家庭纠纷",
    nameEn: "Family dispute",
    handlingLevel: "village",
    responseHours: 24,
    handleHours: 15 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "disputes-family",
    open311Keywords: "family,marriage,quarrel,mediation",
    icon: "home",
  },
  {
    code: "security",
    name: "治安隐患",
    nameEn: "Public-security hazards",
    handlingLevel: "township",
    responseHours: 4,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    icon: "shield",
  },
  {
    code: "security.hazard",
    parentCode: "security",
    name: "治安隐患报告",
    nameEn: "Public-security hazard",
    handlingLevel: "township",
    responseHours: 4,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "security-hazard",
    open311Keywords: "hazard,danger,safety,security",
    icon: "alert",
  },
  {
    code: "security.wires",
    parentCode: "security",
    name: "私拉乱接电线",
    nameEn: "Electric wires randomly connected",
    // The grid worker sees it on patrol and has it taken down: a fire risk, fixed on the spot.
    handlingLevel: "grid",
    responseHours: 4,
    handleHours: 2 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "security-wires",
    open311Keywords: "wires,cable,charging,fire risk",
    icon: "plug",
  },
  {
    code: "facility_safety",
    name: "设施安全",
    nameEn: "Facility safety",
    handlingLevel: "township",
    responseHours: 7.5,
    handleHours: 10 * 7.5,
    deadlineKind: "working",
    icon: "shield",
  },
  {
    code: "facility_safety.fitness",
    parentCode: "facility_safety",
    name: "健身器材损坏",
    nameEn: "Fitness equipment broken",
    handlingLevel: "township",
    responseHours: 7.5,
    handleHours: 10 * 7.5,
    deadlineKind: "working",
    open311ServiceCode: "facility-fitness",
    open311Keywords: "fitness equipment,exercise,square",
    icon: "dumbbell",
  },
  {
    code: "facility_safety.playground",
    parentCode: "facility_safety",
    name: "儿童游乐设施隐患",
    nameEn: "Playground hazard",
    handlingLevel: "township",
    // Children at risk: respond the same day, even at a weekend.
    responseHours: 8,
    handleHours: 5 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "facility-playground",
    open311Keywords: "playground,slide,swing,children",
    icon: "playground",
  },
  {
    code: "elderly_care",
    name: "养老服务",
    nameEn: "Elderly care",
    handlingLevel: "village",
    responseHours: 24,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    icon: "heart",
  },
  {
    code: "elderly_care.help",
    parentCode: "elderly_care",
    name: "老人生活需要帮助",
    nameEn: "Elderly person needs help",
    handlingLevel: "village",
    responseHours: 12,
    handleHours: 3 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "elderly-help",
    open311Keywords: "elderly,old people,living alone,care",
    icon: "heart",
  },
  {
    code: "elderly_care.service",
    parentCode: "elderly_care",
    name: "养老服务与补贴",
    nameEn: "Elderly care services and allowances",
    handlingLevel: "department",
    departmentType: "civil_affairs",
    responseHours: 2 * 7.5,
    handleHours: 10 * 7.5,
    deadlineKind: "working",
    open311ServiceCode: "elderly-service",
    open311Keywords: "pension,allowance,care home,day care",
    icon: "heart",
  },
  {
    code: "micro_wish",
    name: "微心愿",
    nameEn: "Micro-wish",
    // Posted for volunteers and party members to claim; the grid worker publishes and follows it.
    handlingLevel: "grid",
    responseHours: 2 * 7.5,
    handleHours: 15 * 7.5,
    deadlineKind: "working",
    open311ServiceCode: "micro-wish",
    open311Keywords: "wish,volunteer,help",
    icon: "gift",
  },
  {
    code: "other",
    name: "其他",
    nameEn: "Other",
    // The township centre triages what fits no category.
    handlingLevel: "township",
    responseHours: 24,
    handleHours: 5 * DAY,
    deadlineKind: "calendar",
    open311ServiceCode: "other",
    open311Keywords: "other,general",
    icon: "more",
  },
];

export interface SeedDemoCatalogueResult {
  categories: number;
  holidays: number;
}

/**
 * Loads the demo catalogue and the 2026 holiday calendar in one transaction. Safe to repeat:
 * what is already there (by code, by date) is left as it is. Returns how many rows were added.
 */
export async function seedDemoCatalogue(db: Db): Promise<SeedDemoCatalogueResult> {
  const result = await db.transaction(async (tx) => {
    const siblingIndex = new Map<string | null, number>();
    const rows = DEMO_CATEGORIES.map((c) => {
      const index = siblingIndex.get(c.parentCode ?? null) ?? 0;
      siblingIndex.set(c.parentCode ?? null, index + 1);
      return { ...c, sortOrder: (index + 1) * 10, active: true };
    });
    // In list order, so every parent is inserted before its children.
    const added = await tx
      .insert(categories)
      .values(rows)
      .onConflictDoNothing()
      .returning({ code: categories.code });
    const days = await tx
      .insert(holidays)
      .values([...PRC_HOLIDAYS_2026])
      .onConflictDoNothing()
      .returning({ date: holidays.date });
    if (days.length > 0) await bumpHolidaysVersion(tx);
    return { categories: added.length, holidays: days.length };
  });
  invalidateWorkingCalendar(db);
  return result;
}
