import { DashboardOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** The cockpit's pages (module `rates`). */
export const ratesPages: ConsoleModule = {
  module: "rates",
  pages: [
    {
      id: "rates.cockpit",
      path: "cockpit",
      group: "cockpit",
      labelKey: "nav.cockpit.main",
      icon: <DashboardOutlined />,
      anyOf: ["rates.read"],
      component: lazy(() => import("./Cockpit.js")),
    },
    {
      id: "rates.cases",
      path: "cockpit/cases",
      group: "cockpit",
      labelKey: "cockpit.cases.back",
      anyOf: ["rates.read"],
      component: lazy(() => import("./FigureCases.js")),
      menu: false,
    },
  ],
};
