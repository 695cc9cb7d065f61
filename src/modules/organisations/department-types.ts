/**
 * The catalogue of department types (县直部门 by what they handle). The dispatch catalogue names
 * a type, not a department, so one category routes to the right unit in every county. Data, not
 * a table: adding a type is a code change reviewed like any other rule.
 */
export const DEPARTMENT_TYPES = [
  { code: "urban_management", nameZh: "城市管理", nameEn: "Urban management" },
  { code: "housing", nameZh: "住房和城乡建设", nameEn: "Housing and urban-rural development" },
  { code: "transport", nameZh: "交通运输", nameEn: "Transport" },
  { code: "public_security", nameZh: "公安", nameEn: "Public security" },
  { code: "civil_affairs", nameZh: "民政", nameEn: "Civil affairs" },
  { code: "health", nameZh: "卫生健康", nameEn: "Health" },
  { code: "water", nameZh: "水务", nameEn: "Water" },
  { code: "emergency", nameZh: "应急管理", nameEn: "Emergency management" },
  { code: "natural_resources", nameZh: "自然资源和规划", nameEn: "Natural resources and planning" },
  { code: "market_regulation", nameZh: "市场监督管理", nameEn: "Market regulation" },
  { code: "human_resources", nameZh: "人力资源和社会保障", nameEn: "Human resources and social security" },
  { code: "education", nameZh: "教育", nameEn: "Education" },
  { code: "ecology_environment", nameZh: "生态环境", nameEn: "Ecology and environment" },
  { code: "justice", nameZh: "司法", nameEn: "Justice" },
  { code: "agriculture", nameZh: "农业农村", nameEn: "Agriculture and rural affairs" },
  { code: "power_supply", nameZh: "供电", nameEn: "Power supply" },
  { code: "gas_heating", nameZh: "燃气热力", nameEn: "Gas and heating" },
] as const satisfies readonly { code: string; nameZh: string; nameEn: string }[];

export type DepartmentType = (typeof DEPARTMENT_TYPES)[number]["code"];

/** The type codes, for `z.enum`. */
export const DEPARTMENT_TYPE_CODES = DEPARTMENT_TYPES.map((t) => t.code) as [
  DepartmentType,
  ...DepartmentType[],
];

const byCode = new Map<string, (typeof DEPARTMENT_TYPES)[number]>(DEPARTMENT_TYPES.map((t) => [t.code, t]));

/** The zh-CN name of a type code; null for null or a code no longer in the catalogue. */
export function departmentTypeName(code: string | null): string | null {
  return code === null ? null : (byCode.get(code)?.nameZh ?? null);
}
