import { CalendarOutlined, FileSearchOutlined, PieChartOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** Grid visits (module `visits`): the work list, a visit's page and the visit completion rate. */
export const visitsPages: ConsoleModule = {
  module: "visits",
  notificationKinds: { visit_overdue: "visits.kind.visit_overdue" },
  pages: [
    {
      id: "visits.worklist",
      path: "visits",
      group: "work",
      labelKey: "visits.nav.worklist",
      icon: <CalendarOutlined />,
      anyOf: ["visits.read"],
      component: lazy(() => import("./VisitsPage.js")),
    },
    {
      id: "visits.visit",
      path: "visits/:id",
      group: "work",
      labelKey: "visits.nav.visit",
      icon: <FileSearchOutlined />,
      anyOf: ["visits.read"],
      component: lazy(() => import("./VisitPage.js")),
      menu: false,
    },
    {
      id: "visits.rate",
      path: "visit-rate",
      group: "cockpit",
      labelKey: "visits.nav.rate",
      icon: <PieChartOutlined />,
      anyOf: ["visits.read"],
      component: lazy(() => import("./VisitRatePage.js")),
    },
  ],
};
