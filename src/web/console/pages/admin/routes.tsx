import {
  ApartmentOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  CalendarOutlined,
  EyeOutlined,
  KeyOutlined,
  TagsOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** The administration pages, one entry per module, in menu order; each opens with the permission its API requires. */
export const adminPages: ConsoleModule[] = [
  {
    module: "grids",
    pages: [
      {
        id: "grids.admin",
        path: "admin/grids",
        group: "admin",
        labelKey: "admin.grids.title",
        icon: <BorderOuterOutlined />,
        anyOf: ["grids.manage"],
        component: lazy(() => import("./GridsAdmin.js")),
      },
    ],
  },
  {
    module: "organisations",
    pages: [
      {
        id: "organisations.admin",
        path: "admin/organisations",
        group: "admin",
        labelKey: "admin.orgs.title",
        icon: <ApartmentOutlined />,
        anyOf: ["organisations.manage"],
        component: lazy(() => import("./Organisations.js")),
      },
    ],
  },
  {
    module: "catalogue",
    pages: [
      {
        id: "catalogue.categories",
        path: "admin/categories",
        group: "admin",
        labelKey: "admin.categories.title",
        icon: <TagsOutlined />,
        anyOf: ["catalogue.manage"],
        component: lazy(() => import("./Categories.js")),
      },
      {
        id: "catalogue.holidays",
        path: "admin/holidays",
        group: "admin",
        labelKey: "admin.holidays.title",
        icon: <CalendarOutlined />,
        anyOf: ["catalogue.manage"],
        component: lazy(() => import("./Holidays.js")),
      },
    ],
  },
  {
    module: "accounts",
    pages: [
      {
        id: "accounts.users",
        path: "admin/users",
        group: "admin",
        labelKey: "admin.users.title",
        icon: <TeamOutlined />,
        anyOf: ["users.manage"],
        component: lazy(() => import("./Users.js")),
      },
    ],
  },
  {
    module: "open311",
    pages: [
      {
        id: "open311.api-keys",
        path: "admin/api-keys",
        group: "admin",
        labelKey: "admin.keys.title",
        icon: <KeyOutlined />,
        anyOf: ["users.manage"],
        component: lazy(() => import("./ApiKeys.js")),
      },
    ],
  },
  {
    module: "audit",
    pages: [
      {
        id: "audit.log",
        path: "admin/audit",
        group: "admin",
        labelKey: "admin.audit.title",
        icon: <AuditOutlined />,
        anyOf: ["audit.read"],
        component: lazy(() => import("./Audit.js")),
      },
      {
        id: "audit.personal-data-reads",
        path: "admin/personal-data-reads",
        group: "admin",
        labelKey: "admin.reads.title",
        icon: <EyeOutlined />,
        anyOf: ["personal_data.audit"],
        component: lazy(() => import("./PersonalDataReads.js")),
      },
    ],
  },
];
