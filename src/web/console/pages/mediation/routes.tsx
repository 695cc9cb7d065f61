import { FileSearchOutlined, TeamOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** People's mediation (module `mediation`): the workbench and a dispute's page. */
export const mediationPages: ConsoleModule = {
  module: "mediation",
  pages: [
    {
      id: "mediation.workbench",
      path: "mediation",
      group: "work",
      labelKey: "mediation.nav.workbench",
      icon: <TeamOutlined />,
      anyOf: ["mediation.read"],
      component: lazy(() => import("./WorkbenchPage.js")),
    },
    {
      id: "mediation.dispute",
      path: "mediation/disputes/:id",
      group: "work",
      labelKey: "mediation.nav.dispute",
      icon: <FileSearchOutlined />,
      anyOf: ["mediation.read"],
      component: lazy(() => import("./DisputePage.js")),
      menu: false,
    },
  ],
};
