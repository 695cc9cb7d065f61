import { DashboardOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsolePage } from "../../pages.js";

/** The cockpit pages, in menu order. */
export const cockpitPages: ConsolePage[] = [
  {
    path: "cockpit",
    labelKey: "nav.cockpit.main",
    icon: <DashboardOutlined />,
    anyOf: ["rates.read"],
    component: lazy(() => import("./Cockpit.js")),
  },
  {
    path: "cockpit/cases",
    labelKey: "cockpit.cases.back",
    anyOf: ["rates.read"],
    component: lazy(() => import("./FigureCases.js")),
    menu: false,
  },
];
