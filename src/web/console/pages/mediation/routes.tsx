import { FileAddOutlined, FileSearchOutlined, TeamOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { ConsoleModule } from "../../pages.js";

/** People's mediation (module `mediation`): the workbench, registering a dispute and a dispute's page. */
export const mediationPages: ConsoleModule = {
  module: "mediation",
  notificationKinds: {
    dispute_registered: "centre.kind.dispute_registered",
    dispute_assigned: "centre.kind.dispute_assigned",
    dispute_declined: "centre.kind.dispute_declined",
    dispute_escalated: "centre.kind.dispute_escalated",
    dispute_settled: "centre.kind.dispute_settled",
    dispute_repeat_parties: "centre.kind.dispute_repeat_parties",
    dispute_major_risk: "centre.kind.dispute_major_risk",
    dispute_deadline_warning: "centre.kind.dispute_deadline_warning",
    dispute_deadline_overdue: "centre.kind.dispute_deadline_overdue",
    dispute_follow_up_due: "centre.kind.dispute_follow_up_due",
    dispute_judicial_reminder: "centre.kind.dispute_judicial_reminder",
  },
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
      id: "mediation.register",
      path: "mediation/register",
      group: "work",
      labelKey: "mediation.register.title",
      icon: <FileAddOutlined />,
      anyOf: ["mediation.register"],
      component: lazy(() => import("./RegisterDisputePage.js")),
      menu: false,
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
