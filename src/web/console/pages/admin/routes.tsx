import {
  ApartmentOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  CalendarOutlined,
  KeyOutlined,
  TagsOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { lazy } from "react";
import type { ConsolePage } from "../../pages.js";

/** The admin pages, in menu order; each opens with the permission its API requires. */
export const adminPages: ConsolePage[] = [
  {
    path: "admin/grids",
    labelKey: "admin.grids.title",
    icon: <BorderOuterOutlined />,
    anyOf: ["grids.manage"],
    component: lazy(() => import("./GridsAdmin.js")),
  },
  {
    path: "admin/organisations",
    labelKey: "admin.orgs.title",
    icon: <ApartmentOutlined />,
    anyOf: ["organisations.manage"],
    component: lazy(() => import("./Organisations.js")),
  },
  {
    path: "admin/categories",
    labelKey: "admin.categories.title",
    icon: <TagsOutlined />,
    anyOf: ["catalogue.manage"],
    component: lazy(() => import("./Categories.js")),
  },
  {
    path: "admin/holidays",
    labelKey: "admin.holidays.title",
    icon: <CalendarOutlined />,
    anyOf: ["catalogue.manage"],
    component: lazy(() => import("./Holidays.js")),
  },
  {
    path: "admin/users",
    labelKey: "admin.users.title",
    icon: <TeamOutlined />,
    anyOf: ["users.manage"],
    component: lazy(() => import("./Users.js")),
  },
  {
    path: "admin/api-keys",
    labelKey: "admin.keys.title",
    icon: <KeyOutlined />,
    anyOf: ["users.manage"],
    component: lazy(() => import("./ApiKeys.js")),
  },
  {
    path: "admin/audit",
    labelKey: "admin.audit.title",
    icon: <AuditOutlined />,
    anyOf: ["audit.read"],
    component: lazy(() => import("./Audit.js")),
  },
];
